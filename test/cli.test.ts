import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'heartdesk-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function agentCli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/agent.ts', ...args], {
    env: { ...process.env, DATABASE_PATH: join(dir, 'desk.sqlite') },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  )
}

describe('npm run agent', () => {
  it('adds, refuses a duplicate email, lists and disables agents', async () => {
    const added = await agentCli(
      'add',
      '--email',
      'ann@example.com',
      '--name',
      'Ann',
      '--password',
      'a long password',
    )
    expect(added.code).toBe(0)
    expect(added.stdout).toContain('Added agent #1 Ann <ann@example.com>')

    const dup = await agentCli(
      'add',
      '--email',
      'ANN@example.com',
      '--name',
      'Ann 2',
      '--password',
      'a long password',
    )
    expect(dup.code).not.toBe(0)
    expect(dup.stderr).toContain('An agent with email ann@example.com already exists.')

    const weak = await agentCli(
      'add',
      '--email',
      'ben@example.com',
      '--name',
      'Ben',
      '--password',
      'short',
    )
    expect(weak.code).not.toBe(0)
    expect(weak.stderr).toContain('--password must be at least 12 characters')

    expect((await agentCli('list')).stdout).toBe('#1\tann@example.com\tAnn\n')
    expect((await agentCli('disable', '--email', 'ann@example.com')).code).toBe(0)
    expect((await agentCli('list')).stdout).toBe('#1\tann@example.com\tAnn\t(disabled)\n')
    expect((await agentCli('disable', '--email', 'nobody@example.com')).code).not.toBe(0)
  })
})
