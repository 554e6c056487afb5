import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { deskChanged } from '../db/desk-version.js'
import type { Expiring } from '../db/fresh-cache.js'
import { perConnection } from '../db/per-connection.js'
import { statement } from '../db/statements.js'

// Only a live row is a plain refresh; a row past the TTL coming back is an arrival.
const REFRESH = `UPDATE customer_presence SET seen_at = ?
  WHERE ticket_id = ? AND client_id = ? AND seen_at >= ?`
const UPSERT = `INSERT INTO customer_presence (ticket_id, client_id, seen_at) VALUES (?, ?, ?)
  ON CONFLICT (ticket_id, client_id) DO UPDATE SET seen_at = excluded.seen_at`
const PURGE = `DELETE FROM customer_presence WHERE seen_at < ? RETURNING ticket_id`
const LEAVE = `DELETE FROM customer_presence WHERE ticket_id = ? AND client_id = ?`
const LAST_SEEN = `SELECT max(seen_at) AS seenAt FROM customer_presence
  WHERE ticket_id = ? AND seen_at >= ?`

/** The customer has their private page open now; rows silent past the TTL are purged. */
export function customerHeartbeat(
  db: Db,
  clock: Clock,
  ttlMs: number,
  ticketId: number,
  clientId: string,
): void {
  const now = clock.now()
  const { arrived, purged } = recordVisit(db)(ticketId, clientId, now, now - ttlMs)
  if (arrived || purged.length > 0) deskChanged(db, [...(arrived ? [ticketId] : []), ...purged])
}

// The customer heartbeat's transaction, built once per connection.
const recordVisit = perConnection((db) => {
  const refresh = statement(db, REFRESH)
  const upsert = statement(db, UPSERT)
  const purge = statement(db, PURGE).pluck()
  return db.$client.transaction(
    (ticketId: number, clientId: string, now: number, cutoff: number) => {
      const arrived = refresh.run(now, ticketId, clientId, cutoff).changes === 0
      if (arrived) upsert.run(ticketId, clientId, now)
      return { arrived, purged: purge.all(cutoff) as number[] }
    },
  )
})

/** The customer closed that tab. */
export function customerLeave(db: Db, ticketId: number, clientId: string): void {
  if (statement(db, LEAVE).run(ticketId, clientId).changes > 0) deskChanged(db, [ticketId])
}

/**
 * Whether the customer has had the ticket's page open within the TTL, and until when that
 * answer holds if nobody writes anything.
 */
export function customerPresence(
  db: Db,
  clock: Clock,
  ttlMs: number,
  ticketId: number,
): Expiring<boolean> {
  const row = statement(db, LAST_SEEN).get(ticketId, clock.now() - ttlMs) as {
    seenAt: number | null
  }
  if (row.seenAt === null) return { value: false, validUntil: Infinity }
  return { value: true, validUntil: row.seenAt + ttlMs + 1 }
}
