import type { Db } from './client.js'
import { perConnection } from './per-connection.js'

type Versions = { desk: number; tickets: Map<number, number> }

const versionsOf = perConnection((): Versions => ({ desk: 0, tickets: new Map() }))

/**
 * Marks that something agents can see has changed: a ticket, a claim, a message, or who is
 * present on a ticket. Caches of derived state compare versions to know they are stale: the
 * queue (which shows every ticket) against the desk's version, one ticket's presence panel
 * against that ticket's, so a change on one ticket leaves the others' panels cached. One
 * process owns the database, so in-memory counters are the whole truth.
 */
export function deskChanged(db: Db, ticketIds: Iterable<number | null> = []): void {
  const v = versionsOf(db)
  v.desk += 1
  for (const id of ticketIds) {
    if (id !== null) v.tickets.set(id, v.desk)
  }
}

/** Moves on whenever anything on the desk changes. */
export function deskVersion(db: Db): number {
  return versionsOf(db).desk
}

/** Moves on whenever something about this ticket changes. */
export function ticketVersion(db: Db, ticketId: number): number {
  return versionsOf(db).tickets.get(ticketId) ?? 0
}
