import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import type { PresenceState } from '../db/schema.js'

/** A page agents can be present on: the queue, or one ticket. */
export type Page = { kind: 'queue' } | { kind: 'ticket'; ticketId: number }

export type Beat = { agentId: number; clientId: string; page: Page; state: PresenceState }

export type Viewer = { agentId: number; name: string; state: PresenceState }

export const pageKey = (page: Page) => (page.kind === 'queue' ? 'queue' : `ticket:${page.ticketId}`)

// Statements are prepared once per connection: the heartbeat is the hottest path in the app.
const statements = new WeakMap<Db, ReturnType<typeof prepare>>()

function prepare(db: Db) {
  const s = db.$client
  return {
    upsert: s.prepare(
      `INSERT INTO presence (page, agent_id, client_id, ticket_id, state, seen_at)
       VALUES (@page, @agentId, @clientId, @ticketId, @state, @now)
       ON CONFLICT (page, agent_id, client_id)
       DO UPDATE SET state = excluded.state, seen_at = excluded.seen_at`,
    ),
    purge: s.prepare(`DELETE FROM presence WHERE seen_at < ?`),
    leave: s.prepare(`DELETE FROM presence WHERE page = ? AND agent_id = ? AND client_id = ?`),
    viewers: s.prepare(
      `SELECT p.agent_id AS agentId, a.name AS name, p.state AS state
       FROM presence p JOIN agents a ON a.id = p.agent_id
       WHERE p.page = ? AND p.seen_at >= ?
       ORDER BY a.name, a.id`,
    ),
  }
}

function stmts(db: Db) {
  let s = statements.get(db)
  if (!s) statements.set(db, (s = prepare(db)))
  return s
}

/**
 * Records that a tab is on a page now (server time) and purges every row silent for longer
 * than the TTL, in one transaction. Returns how many dead rows were purged.
 */
export function heartbeat(db: Db, clock: Clock, ttlMs: number, beat: Beat): number {
  const s = stmts(db)
  const now = clock.now()
  return db.$client.transaction(() => {
    s.upsert.run({
      page: pageKey(beat.page),
      agentId: beat.agentId,
      clientId: beat.clientId,
      ticketId: beat.page.kind === 'ticket' ? beat.page.ticketId : null,
      state: beat.state,
      now,
    })
    return s.purge.run(now - ttlMs).changes
  })()
}

/** Removes one tab of an agent from a page at once (the tab was closed or navigated away). */
export function leave(db: Db, agentId: number, clientId: string, page: Page): void {
  stmts(db).leave.run(pageKey(page), agentId, clientId)
}

// When one agent has several tabs on a page, the most engaged tab speaks for them.
const rank: Record<PresenceState, number> = { replying: 2, viewing: 1, away: 0 }

/** Agents present on a page within the TTL, one entry per agent however many tabs they have. */
export function viewersOf(db: Db, clock: Clock, ttlMs: number, page: Page): Viewer[] {
  const rows = stmts(db).viewers.all(pageKey(page), clock.now() - ttlMs) as Viewer[]
  const byAgent = new Map<number, Viewer>()
  for (const row of rows) {
    const seen = byAgent.get(row.agentId)
    if (!seen || rank[row.state] > rank[seen.state]) byAgent.set(row.agentId, row)
  }
  return [...byAgent.values()]
}
