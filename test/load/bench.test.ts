import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const out = mkdtempSync(join(tmpdir(), 'heartdesk-bench-test-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

// The benchmark measures; this only checks that it runs end to end and reports every scenario.
describe('npm run bench -- --quick', () => {
  it('runs against the real server and prints and writes its table and chart', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/run.ts',
        '--quick',
        '--duration',
        '1',
        '--agents',
        '50',
        '--tickets',
        '500',
        '--out',
        out,
      ],
      { timeout: 120_000, maxBuffer: 10 * 1024 * 1024 },
    )
    expect(stdout).toContain('| scenario | req/s | p50 ms | p99 ms |')
    for (const scenario of [
      'GET /healthz',
      'ticket heartbeat',
      'queue heartbeat',
      'mixed heartbeat (80 % ticket, 20 % queue)',
      'mixed at 1000/s',
      'ticket heartbeat, 50 viewers per ticket',
      'mixed heartbeat, 1,000 tickets in the database',
      'mixed heartbeat, 10,000 tickets in the database',
    ]) {
      expect(stdout).toContain(`| ${scenario}`)
    }
    // Every row measured something and nothing failed.
    const rows = stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| scenario'))
    expect(rows).toHaveLength(8)
    for (const row of rows) {
      const cells = row.split('|').map((c) => c.trim())
      expect(Number(cells[2]!.replace(/,/g, '')), row).toBeGreaterThan(0)
      expect(cells.at(-2), row).toBe('0')
    }
    const files = readdirSync(out)
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(1)
    const svg = readFileSync(
      join(
        out,
        files.find((f) => f.endsWith('.svg'))!,
      ),
      'utf8',
    )
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(svg).toContain('GET /healthz')
  }, 150_000)
})
