import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { perConnection } from '../db/per-connection.js'
import { statement } from '../db/statements.js'

const MARK = `INSERT INTO ticket_reads (agent_id, ticket_id, read_at) VALUES (?, ?, ?)
  ON CONFLICT (agent_id, ticket_id) DO UPDATE SET read_at = excluded.read_at`
const READS = `SELECT ticket_id AS ticketId, read_at AS readAt FROM ticket_reads
  WHERE agent_id = @agentId AND ticket_id IN (SELECT value FROM json_each(@ids))`

// Per agent, a counter of their own read marks: the only thing besides the tickets themselves
// that changes which tickets show "new activity" to them.
const versionsOf = perConnection(() => new Map<number, number>())

/** Remembers that an agent has seen the ticket as it is now. */
export function markRead(db: Db, clock: Clock, ticketId: number, agentId: number): void {
  statement(db, MARK).run(agentId, ticketId, clock.now())
  const v = versionsOf(db)
  v.set(agentId, (v.get(agentId) ?? 0) + 1)
}

export function readsVersion(db: Db, agentId: number): number {
  return versionsOf(db).get(agentId) ?? 0
}

/**
 * Of the given tickets, those with a message newer than the agent's last look (or never
 * looked at). One query over the visible page only.
 */
export function unreadAmong(
  db: Db,
  agentId: number,
  tickets: readonly { id: number; lastMessageAt: number }[],
): Set<number> {
  const ids = JSON.stringify(tickets.map((t) => t.id))
  const reads = new Map<number, number>()
  for (const r of statement(db, READS).all({ agentId, ids }) as {
    ticketId: number
    readAt: number
  }[]) {
    reads.set(r.ticketId, r.readAt)
  }
  const unread = new Set<number>()
  for (const t of tickets) {
    const readAt = reads.get(t.id)
    if (readAt === undefined || readAt < t.lastMessageAt) unread.add(t.id)
  }
  return unread
}
