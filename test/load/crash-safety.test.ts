import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../src/db/client.js'
import { FAST_SCRYPT } from '../factories.js'
import { hashPassword } from '../../src/agents/password.js'
import { buildOnce, startServerProcess, type ServerProcess } from '../support/server-process.js'

// `npm test` kills the server 20 times; `npm run test:crash` sets CRASH_KILLS higher.
const KILLS = Number(process.env.CRASH_KILLS ?? 20)
const dir = mkdtempSync(join(tmpdir(), 'heartdesk-crash-'))
beforeAll(() => buildOnce())
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Outcome = 'acknowledged' | 'unknown'

/** Sets up an agent with a session and a few tickets to reply to, straight in the file. */
async function seed(path: string) {
  const db = openDatabase(path)
  const now = Date.now()
  const s = db.$client
  const agentId = Number(
    s
      .prepare('INSERT INTO agents (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(
        'crash@example.com',
        'Crash Agent',
        await hashPassword('unused password', FAST_SCRYPT),
        now,
      ).lastInsertRowid,
  )
  const token = randomBytes(32).toString('base64url')
  s.prepare(
    'INSERT INTO sessions (id, agent_id, created_at, last_active_at) VALUES (?, ?, ?, ?)',
  ).run(createHash('sha256').update(token).digest('hex'), agentId, now, now)
  const ticketIds: number[] = []
  for (let i = 0; i < 5; i++) {
    ticketIds.push(
      Number(
        s
          .prepare(
            `INSERT INTO tickets (token, customer_name, customer_email, subject, created_at, updated_at,
               waiting_since, last_message_at) VALUES (?, 'Seed', 'seed@example.com', ?, ?, ?, ?, ?)`,
          )
          .run(randomBytes(24).toString('base64url'), `seed ${i}`, now, now, now, now)
          .lastInsertRowid,
      ),
    )
  }
  closeDatabase(db)
  return { cookie: `heartdesk=${token}`, ticketIds }
}

describe('crash safety', () => {
  it(`keeps every acknowledged write, exactly once, through ${KILLS} SIGKILLs under load`, async () => {
    const path = join(dir, 'desk.sqlite')
    const { cookie, ticketIds } = await seed(path)
    const requests = new Map<string, Outcome>()
    const replies = new Map<string, Outcome>()
    let seq = 0

    async function post(server: ServerProcess, kind: 'request' | 'reply'): Promise<void> {
      const marker = `${kind}-${seq++}-${randomBytes(4).toString('hex')}`
      const book = kind === 'request' ? requests : replies
      book.set(marker, 'unknown')
      const [path, body, headers] =
        kind === 'request'
          ? [
              '/requests',
              { name: 'Crash', email: 'c@example.com', subject: marker, message: marker },
              {},
            ]
          : [`/tickets/${ticketIds[seq % ticketIds.length]}/reply`, { body: marker }, { cookie }]
      try {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            origin: server.url,
            'content-type': 'application/x-www-form-urlencoded',
            ...headers,
          },
          body: new URLSearchParams(body).toString(),
        })
        await res.arrayBuffer()
        if (res.status === 303) book.set(marker, 'acknowledged')
      } catch {
        // Killed mid-request: the client cannot know, so the marker stays 'unknown'.
      }
    }

    for (let kill = 0; kill < KILLS; kill++) {
      const server = await startServerProcess(path)
      let running = true
      const clients = Array.from({ length: 6 }, async (_, i) => {
        while (running) await post(server, i % 3 === 0 ? 'reply' : 'request')
      })
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300))
      server.child.kill('SIGKILL')
      await server.exited
      running = false
      await Promise.all(clients)
    }

    const db = new Database(path)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const count = (sql: string, marker: string) => db.prepare(sql).pluck().get({ marker }) as number
    const lost: string[] = []
    const checkBook = (book: Map<string, Outcome>, sql: string) => {
      for (const [marker, outcome] of book) {
        const n = count(sql, marker)
        if (outcome === 'acknowledged' && n !== 1) lost.push(`${marker}: ${n}`)
        // Unacknowledged: written whole or not at all, never twice.
        expect(n, marker).toBeLessThanOrEqual(1)
      }
    }
    checkBook(
      requests,
      'SELECT count(*) FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE t.subject = @marker AND m.body = @marker',
    )
    checkBook(
      replies,
      'SELECT count(*) FROM messages WHERE body = @marker AND author_agent_id IS NOT NULL',
    )
    // No half-written request: every ticket has its first message, every request its ticket.
    expect(
      db
        .prepare(
          'SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id)',
        )
        .pluck()
        .get(),
    ).toBe(0)
    const orphanRequests = db
      .prepare(
        "SELECT count(*) FROM messages m WHERE m.body LIKE 'request-%' AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.subject = m.body)",
      )
      .pluck()
      .get()
    expect(orphanRequests).toBe(0)
    db.close()

    const acknowledged = [...requests.values(), ...replies.values()].filter(
      (o) => o === 'acknowledged',
    ).length
    console.info(
      `crash safety: ${KILLS} kills, ${requests.size + replies.size} writes sent, ${acknowledged} acknowledged and checked, ${lost.length} lost`,
    )
    expect(lost).toEqual([])
    expect(acknowledged).toBeGreaterThan(KILLS)
  }, 300_000)
})
