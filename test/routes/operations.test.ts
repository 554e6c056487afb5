import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../src/db/client.js'
import { messages, tickets } from '../../src/db/schema.js'
import { createLogger } from '../../src/log.js'
import { createTicket } from '../factories.js'
import { testApp } from '../support/app.js'

/** A logger whose JSON lines the test can read. */
function capturedLog() {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l))
      done()
    },
  })
  return { log: createLogger('debug', sink), lines }
}

const valid = { name: 'Zoë', email: 'zoe@example.com', subject: 'Help', message: 'Hello' }

describe('observability', () => {
  it('writes one JSON line per request with a request id and the route pattern, never the token', async () => {
    const { log, lines } = capturedLog()
    const t = testApp({ log })
    const res = await t.post('/requests', valid)
    const link = res.headers.get('location')!
    await t.get(link)
    const token = link.split('/').at(-1)!
    const requestLines = lines.filter((l) => l.msg === 'request')
    expect(requestLines.map((l) => [l.method, l.route, l.status])).toEqual([
      ['POST', '/requests', 303],
      ['GET', '/requests/:token', 200],
    ])
    for (const l of requestLines) expect(l.reqId).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('x-request-id')).toBe(requestLines[0]!.reqId)
    expect(JSON.stringify(lines)).not.toContain(token)
  })

  it('exposes Prometheus metrics: latency by route, heartbeats, live viewers, purges, claims', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ben = await t.signIn('Ben')
    const ticket = createTicket(t.db, t.clock)
    await t.post(`/tickets/${ticket.id}/heartbeat`, { client: 'tab-ann-1' }, { cookie: ann.cookie })
    await t.post('/queue/heartbeat', { client: 'tab-ben-q' }, { cookie: ben.cookie })
    t.clock.advance(20_000)
    await t.post('/queue/heartbeat', { client: 'tab-ben-q' }, { cookie: ben.cookie })
    await t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: ann.cookie })
    await t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: ben.cookie })
    const res = await t.get('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    expect(text).toMatch(
      /heartdesk_http_request_duration_seconds_count\{method="POST",route="\/tickets\/:id\/heartbeat",status="200"\} 1/,
    )
    expect(text).toContain('heartdesk_heartbeats_total{page="ticket"} 1')
    expect(text).toContain('heartdesk_heartbeats_total{page="queue"} 2')
    expect(text).toContain('heartdesk_presence_purged_rows_total 1')
    expect(text).toContain('heartdesk_live_viewers 1')
    expect(text).toContain('heartdesk_claims_total{outcome="won"} 1')
    expect(text).toContain('heartdesk_claims_total{outcome="held"} 1')
    expect(text).toContain('heartdesk_process_resident_memory_bytes')
  })

  it('checks the database in /healthz', async () => {
    const t = testApp()
    expect(await (await t.get('/healthz')).json()).toEqual({ ok: true })
    t.db.$client.exec('DROP TABLE agents')
    const res = await t.get('/healthz', { headers: { accept: 'application/json' } })
    expect(res.status).toBe(500)
  })
})

describe('faults are answered, not crashed', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('answers a full disk with 503, keeps serving reads, logs it, and recovers', async () => {
    const { log, lines } = capturedLog()
    const t = testApp({ log })
    const ann = await t.signIn('Ann')
    const ticket = createTicket(t.db, t.clock)
    const pages = t.db.$client.pragma('page_count', { simple: true }) as number
    // The database may not grow by a single page: every insert hits SQLITE_FULL.
    t.db.$client.pragma(`max_page_count = ${pages}`)
    const big = 'x'.repeat(15_000)
    const res = await t.post(`/requests/${ticket.token}/messages`, { message: big })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await res.text()).toContain('the disk is full')
    expect(t.db.select().from(messages).all()).toHaveLength(1)
    expect((await t.get(`/tickets/${ticket.id}`, { cookie: ann.cookie })).status).toBe(200)
    expect(lines.find((l) => l.msg === 'database fault')).toMatchObject({
      code: 'SQLITE_FULL',
      level: 50,
    })
    t.db.$client.pragma('max_page_count = 1073741823')
    expect((await t.post(`/requests/${ticket.token}/messages`, { message: big })).status).toBe(303)
    expect(await (await t.get('/metrics')).text()).toContain(
      'heartdesk_db_errors_total{code="SQLITE_FULL"} 1',
    )
  })

  it('answers a read-only database with 503 and recovers when it is writable again', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ticket = createTicket(t.db, t.clock)
    t.db.$client.pragma('query_only = ON')
    const res = await t.post(
      `/tickets/${ticket.id}/reply`,
      { body: 'On it' },
      { cookie: ann.cookie },
    )
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('the database is read-only')
    expect((await t.get('/queue', { cookie: ann.cookie })).status).toBe(200)
    t.db.$client.pragma('query_only = OFF')
    expect(
      (await t.post(`/tickets/${ticket.id}/reply`, { body: 'On it' }, { cookie: ann.cookie }))
        .status,
    ).toBe(303)
  })

  it('answers a database locked by another process with 503 and recovers when it is released', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heartdesk-lock-'))
    dirs.push(dir)
    const path = join(dir, 'desk.sqlite')
    const db = openDatabase(path, { busyTimeoutMs: 100 })
    const t = testApp()
    const { createApp } = await import('../../src/app.js')
    const app = createApp({
      db,
      clock: t.clock,
      config: { ...t.config },
      log: createLogger('silent'),
    })
    const post = () =>
      app.request('/requests', {
        method: 'POST',
        body: new URLSearchParams(valid).toString(),
        headers: {
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
      })
    const other = openDatabase(path)
    other.$client.exec('BEGIN IMMEDIATE')
    const res = await post()
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('the database is busy')
    expect((await app.request('/healthz')).status).toBe(200)
    other.$client.exec('ROLLBACK')
    closeDatabase(other)
    expect((await post()).status).toBe(303)
    expect(db.select().from(tickets).all()).toHaveLength(1)
    closeDatabase(db)
  })

  it('answers an unexpected error with 500, logs it, and serves the next request', async () => {
    const { log, lines } = capturedLog()
    const t = testApp({ log })
    const now = t.clock.now.bind(t.clock)
    t.clock.now = () => {
      throw new Error('clock exploded')
    }
    const res = await t.post('/requests', valid)
    expect(res.status).toBe(500)
    expect(await res.text()).toContain('Something went wrong on our side')
    expect(lines.find((l) => l.msg === 'unhandled error')).toMatchObject({
      level: 50,
      route: '/requests',
    })
    t.clock.now = now
    expect((await t.post('/requests', valid)).status).toBe(303)
  })
})
