import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'

const statements = new WeakMap<Db, ReturnType<typeof prepare>>()

function prepare(db: Db) {
  const s = db.$client
  return {
    upsert: s.prepare(
      `INSERT INTO customer_presence (ticket_id, client_id, seen_at) VALUES (?, ?, ?)
       ON CONFLICT (ticket_id, client_id) DO UPDATE SET seen_at = excluded.seen_at`,
    ),
    purge: s.prepare(`DELETE FROM customer_presence WHERE seen_at < ?`),
    leave: s.prepare(`DELETE FROM customer_presence WHERE ticket_id = ? AND client_id = ?`),
    here: s.prepare(
      `SELECT EXISTS (SELECT 1 FROM customer_presence WHERE ticket_id = ? AND seen_at >= ?) AS here`,
    ),
  }
}

function stmts(db: Db) {
  let s = statements.get(db)
  if (!s) statements.set(db, (s = prepare(db)))
  return s
}

/** The customer has their private page open now; rows silent past the TTL are purged. */
export function customerHeartbeat(
  db: Db,
  clock: Clock,
  ttlMs: number,
  ticketId: number,
  clientId: string,
): void {
  const s = stmts(db)
  const now = clock.now()
  db.$client.transaction(() => {
    s.upsert.run(ticketId, clientId, now)
    s.purge.run(now - ttlMs)
  })()
}

/** The customer closed that tab. */
export function customerLeave(db: Db, ticketId: number, clientId: string): void {
  stmts(db).leave.run(ticketId, clientId)
}

/** Whether the customer has had the ticket's page open within the TTL. */
export function isCustomerHere(db: Db, clock: Clock, ttlMs: number, ticketId: number): boolean {
  const row = stmts(db).here.get(ticketId, clock.now() - ttlMs) as { here: 0 | 1 }
  return row.here === 1
}
