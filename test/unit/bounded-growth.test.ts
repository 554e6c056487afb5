import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../src/db/client.js'
import { presence } from '../../src/db/schema.js'
import { heartbeat, leave, type Page } from '../../src/presence/presence.js'
import { createAgent, createTicket } from '../factories.js'
import { FakeClock } from '../support/clock.js'

const TTL = 15_000
const INTERVAL = 10_000

describe('growth under hours of polling', () => {
  it('keeps only the live tabs in the presence table after two hours of agents coming and going', async () => {
    const db = openDatabase(':memory:')
    const clock = new FakeClock()
    const agents = await Promise.all(Array.from({ length: 40 }, () => createAgent(db, clock)))
    const pages: Page[] = [
      { kind: 'queue' },
      ...Array.from(
        { length: 20 },
        () => ({ kind: 'ticket', ticketId: createTicket(db, clock).id }) as const,
      ),
    ]
    // Each agent is on one page in one tab, moves now and then, and sometimes vanishes without
    // a beacon (a crash, a closed laptop), to come back later in a new tab.
    let random = 42
    const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const where = agents.map((a, i) => ({
      agent: a,
      page: pages[i % pages.length]!,
      tab: `tab-${i}-0`,
      online: true,
    }))
    let maxRows = 0
    for (let tick = 0; tick < (2 * 60 * 60 * 1000) / INTERVAL; tick++) {
      clock.advance(INTERVAL)
      for (const [i, w] of where.entries()) {
        const roll = next()
        if (!w.online) {
          if (roll < 0.2) Object.assign(w, { online: true, tab: `tab-${i}-${tick}` })
          continue
        }
        if (roll < 0.05) {
          w.online = false // gone without a word
          continue
        }
        if (roll < 0.15) {
          leave(db, w.agent.id, w.tab, w.page) // the beacon on navigation
          Object.assign(w, {
            page: pages[Math.floor(next() * pages.length)]!,
            tab: `tab-${i}-${tick}`,
          })
        }
        heartbeat(db, clock, TTL, {
          agentId: w.agent.id,
          clientId: w.tab,
          page: w.page,
          state: 'viewing',
        })
      }
      maxRows = Math.max(maxRows, db.select().from(presence).all().length)
    }
    // One more round of beats from whoever is online purges the last of the dead.
    clock.advance(INTERVAL)
    const online = where.filter((w) => w.online)
    for (const w of online) {
      heartbeat(db, clock, TTL, {
        agentId: w.agent.id,
        clientId: w.tab,
        page: w.page,
        state: 'viewing',
      })
    }
    const rows = db.select().from(presence).all()
    expect(rows.map((r) => `${r.agentId}:${r.clientId}`).sort()).toEqual(
      online.map((w) => `${w.agent.id}:${w.tab}`).sort(),
    )
    expect(maxRows).toBeLessThanOrEqual(agents.length * 2)
    closeDatabase(db)
  })

  it('keeps the WAL file bounded through tens of thousands of heartbeats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heartdesk-wal-'))
    const path = join(dir, 'desk.sqlite')
    const db = openDatabase(path)
    const clock = new FakeClock()
    const agents = await Promise.all(Array.from({ length: 50 }, () => createAgent(db, clock)))
    const page: Page = { kind: 'ticket', ticketId: createTicket(db, clock).id }
    let maxWal = 0
    for (let i = 0; i < 30_000; i++) {
      clock.advance(7)
      const agent = agents[i % agents.length]!
      heartbeat(db, clock, TTL, {
        agentId: agent.id,
        clientId: `tab-${i % 200}`,
        page,
        state: 'viewing',
      })
      if (i % 1000 === 0) maxWal = Math.max(maxWal, statSync(`${path}-wal`).size)
    }
    // Without checkpoints this WAL would hold every one of the 30,000 commits (over 100 MB).
    expect(maxWal).toBeLessThan(8 * 1024 * 1024)
    closeDatabase(db)
    expect(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0)
    rmSync(dir, { recursive: true, force: true })
  })
})
