import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { deskChanged } from '../db/desk-version.js'
import { expiryOf, type Expiring } from '../db/fresh-cache.js'
import type { PresenceState } from '../db/schema.js'
import { perConnection } from '../db/per-connection.js'
import { statement } from '../db/statements.js'

/** A page agents can be present on: the queue, or one ticket. */
export type Page = { kind: 'queue' } | { kind: 'ticket'; ticketId: number }

export type Beat = { agentId: number; clientId: string; page: Page; state: PresenceState }

export type Viewer = { agentId: number; name: string; state: PresenceState }

export const pageKey = (page: Page) => (page.kind === 'queue' ? 'queue' : `ticket:${page.ticketId}`)

// A refresh of a live row in the same state changes nothing others see. A row that had already
// gone silent past the TTL comes back to life: that is a change, so it takes the upsert path.
const REFRESH = `UPDATE presence SET seen_at = @now
  WHERE page = @page AND agent_id = @agentId AND client_id = @clientId AND state = @state
    AND seen_at >= @cutoff`
const UPSERT = `INSERT INTO presence (page, agent_id, client_id, ticket_id, state, seen_at)
  VALUES (@page, @agentId, @clientId, @ticketId, @state, @now)
  ON CONFLICT (page, agent_id, client_id)
  DO UPDATE SET state = excluded.state, seen_at = excluded.seen_at`
const PURGE = `DELETE FROM presence WHERE seen_at < ? RETURNING ticket_id AS ticketId`
const LEAVE = `DELETE FROM presence WHERE page = ? AND agent_id = ? AND client_id = ?`
const VIEWERS = `SELECT p.agent_id AS agentId, a.name AS name, p.state AS state, p.seen_at AS seenAt
  FROM presence p JOIN agents a ON a.id = p.agent_id
  WHERE p.page = ? AND p.seen_at >= ?
  ORDER BY a.name, a.id`

/**
 * Records that a tab is on a page now (server time) and purges every row silent for longer
 * than the TTL, in one transaction. Returns how many dead rows were purged. Only a new tab, a
 * new state or a purge changes what others see; a plain refresh leaves cached views valid.
 */
export function heartbeat(db: Db, clock: Clock, ttlMs: number, beat: Beat): number {
  const now = clock.now()
  const { changed, purged } = recordBeat(db)({
    page: pageKey(beat.page),
    agentId: beat.agentId,
    clientId: beat.clientId,
    ticketId: beat.page.kind === 'ticket' ? beat.page.ticketId : null,
    state: beat.state,
    now,
    cutoff: now - ttlMs,
  })
  // Who is on the queue page is shown to no one, so only ticket presence changes the desk.
  const touched = changed && beat.page.kind === 'ticket' ? [beat.page.ticketId] : []
  if (touched.length > 0 || purged.length > 0) deskChanged(db, [...touched, ...purged])
  return purged.length
}

type BeatRow = {
  page: string
  agentId: number
  clientId: string
  ticketId: number | null
  state: PresenceState
  now: number
  cutoff: number
}

// The heartbeat's transaction, built once per connection rather than once per beat.
const recordBeat = perConnection((db) => {
  const refresh = statement(db, REFRESH)
  const upsert = statement(db, UPSERT)
  const purge = statement(db, PURGE).pluck()
  return db.$client.transaction((row: BeatRow) => {
    const changed = refresh.run(row).changes === 0
    if (changed) upsert.run(row)
    return { changed, purged: purge.all(row.cutoff) as (number | null)[] }
  })
})

/** Removes one tab of an agent from a page at once (the tab was closed or navigated away). */
export function leave(db: Db, agentId: number, clientId: string, page: Page): void {
  const left = statement(db, LEAVE).run(pageKey(page), agentId, clientId).changes > 0
  if (left && page.kind === 'ticket') deskChanged(db, [page.ticketId])
}

// When one agent has several tabs on a page, the most engaged tab speaks for them.
const rank: Record<PresenceState, number> = { replying: 2, viewing: 1, away: 0 }

/**
 * Agents present on a page within the TTL, one entry per agent however many tabs they have,
 * and when that list next changes by itself (its oldest row passing the TTL).
 */
export function presenceOn(db: Db, clock: Clock, ttlMs: number, page: Page): Expiring<Viewer[]> {
  const rows = statement(db, VIEWERS).all(pageKey(page), clock.now() - ttlMs) as (Viewer & {
    seenAt: number
  })[]
  const byAgent = new Map<number, Viewer>()
  for (const { seenAt: _, ...row } of rows) {
    const seen = byAgent.get(row.agentId)
    if (!seen || rank[row.state] > rank[seen.state]) byAgent.set(row.agentId, row)
  }
  return {
    value: [...byAgent.values()],
    validUntil: expiryOf(
      rows.map((r) => r.seenAt),
      ttlMs,
    ),
  }
}

/** Agents present on a page within the TTL, one entry per agent. */
export function viewersOf(db: Db, clock: Clock, ttlMs: number, page: Page): Viewer[] {
  return presenceOn(db, clock, ttlMs, page).value
}

const LIVE_TABS = `SELECT count(*) FROM presence WHERE seen_at >= ?`

/** Agent tabs present anywhere within the TTL (for /metrics). */
export function countLiveTabs(db: Db, clock: Clock, ttlMs: number): number {
  return statement(db, LIVE_TABS)
    .pluck()
    .get(clock.now() - ttlMs) as number
}
