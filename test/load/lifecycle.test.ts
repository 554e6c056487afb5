import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../src/db/client.js'
import { buildOnce, startServerProcess } from '../support/server-process.js'

const dir = mkdtempSync(join(tmpdir(), 'heartdesk-lifecycle-'))
beforeAll(() => buildOnce())
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

/** A customer request carrying a unique marker; resolves true when it was acknowledged (303). */
async function submit(url: string, marker: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/requests`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ name: 'Load', email: 'load@example.com', subject: marker, message: marker }),
    })
    await res.arrayBuffer()
    return res.status === 303
  } catch {
    return false
  }
}

describe('graceful stop', () => {
  it('on SIGTERM refuses new connections, finishes the request in flight, checkpoints and exits 0', async () => {
    const path = join(dir, 'stop.sqlite')
    const server = await startServerProcess(path)
    const body = form({
      name: 'Slow',
      email: 'slow@example.com',
      subject: 'in flight',
      message: 'sent in two parts',
    })
    const socket = connect(server.port, '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    let answer = ''
    socket.on('data', (d) => (answer += d.toString()))
    socket.write(
      `POST /requests HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.url}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n` +
        body.slice(0, 10),
    )
    await new Promise((r) => setTimeout(r, 200))
    server.child.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 200))
    const refused = await fetch(`${server.url}/healthz`).then(
      () => false,
      () => true,
    )
    expect(refused).toBe(true)
    socket.write(body.slice(10))
    await new Promise((r) => socket.once('close', r))
    expect(answer).toMatch(/^HTTP\/1.1 303 /)
    // Exit 1 would mean the 10 s cut-off fired; 0 is the graceful path.
    expect(await server.exited).toBe(0)
    expect(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0)
    const db = new Database(path, { readonly: true })
    expect(db.prepare('SELECT subject FROM tickets').pluck().all()).toEqual(['in flight'])
    db.close()
  })
})

describe('live backup', () => {
  it('takes a consistent copy under write load holding everything acknowledged before it began', async () => {
    const path = join(dir, 'live.sqlite')
    const server = await startServerProcess(path)
    const acknowledged: string[] = []
    let writing = true
    let n = 0
    const writers = Array.from({ length: 4 }, async (_, w) => {
      while (writing) {
        const marker = `backup-${w}-${n++}`
        if (await submit(server.url, marker)) acknowledged.push(marker)
      }
    })
    await new Promise((r) => setTimeout(r, 1000))
    const before = [...acknowledged]
    const file = join(dir, 'copy.sqlite')
    const backup = spawn(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', file], {
      env: { ...process.env, DATABASE_PATH: path },
    })
    let out = ''
    backup.stdout.on('data', (d: Buffer) => (out += d.toString()))
    backup.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const code = await new Promise((r) => backup.once('exit', r))
    const during = acknowledged.length - before.length
    writing = false
    await Promise.all(writers)
    server.child.kill('SIGTERM')
    await server.exited
    expect(code, out).toBe(0)
    expect(out).toContain('integrity ok')
    expect(before.length).toBeGreaterThan(10)
    expect(during).toBeGreaterThan(0)
    const copy = new Database(file, { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    const subjects = new Set(copy.prepare('SELECT subject FROM tickets').pluck().all() as string[])
    for (const marker of before) expect(subjects.has(marker), marker).toBe(true)
    // Every ticket in the copy is whole: its first message came with it.
    expect(
      copy
        .prepare(
          'SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id)',
        )
        .pluck()
        .get(),
    ).toBe(0)
    copy.close()
    expect(existsSync(file)).toBe(true)
  })

  it('refuses to overwrite an existing file', async () => {
    const path = join(dir, 'exists.sqlite')
    closeDatabase(openDatabase(path))
    const res = spawn(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', path], {
      env: { ...process.env, DATABASE_PATH: path },
    })
    let err = ''
    res.stderr.on('data', (d: Buffer) => (err += d.toString()))
    expect(await new Promise((r) => res.once('exit', r))).toBe(1)
    expect(err).toContain('already exists')
  })
})
