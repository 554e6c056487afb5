import { and, eq, isNull, ne, or } from 'drizzle-orm'
import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { agents, messages, tickets } from '../db/schema.js'

export type ActionResult =
  | { ok: true }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'held'; holder: { id: number; name: string } }

function holderOf(db: Db, ticketId: number) {
  return db
    .select({ id: agents.id, name: agents.name })
    .from(tickets)
    .innerJoin(agents, eq(agents.id, tickets.claimedBy))
    .where(eq(tickets.id, ticketId))
    .get()
}

function exists(db: Db, ticketId: number): boolean {
  return (
    db.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticketId)).get() !== undefined
  )
}

/**
 * An agent's reply. Replying to an unclaimed ticket claims it in the same transaction; a ticket
 * another agent holds is refused. Afterwards the ticket waits on the customer.
 */
export function replyAsAgent(
  db: Db,
  clock: Clock,
  ticketId: number,
  agentId: number,
  body: string,
): ActionResult {
  const now = clock.now()
  return db.transaction((tx) => {
    const mine = tx
      .update(tickets)
      .set({ claimedBy: agentId, claimedAt: now, status: 'waiting', updatedAt: now })
      .where(
        and(
          eq(tickets.id, ticketId),
          or(isNull(tickets.claimedBy), eq(tickets.claimedBy, agentId)),
        ),
      )
      .run()
    if (mine.changes === 0) {
      const holder = holderOf(tx as unknown as Db, ticketId)
      return holder ? { ok: false, reason: 'held', holder } : { ok: false, reason: 'not-found' }
    }
    tx.insert(messages).values({ ticketId, authorAgentId: agentId, body, createdAt: now }).run()
    return { ok: true }
  })
}

/** A customer's follow-up puts the ticket back in front of the agents, keeping its holder. */
export function addFollowUp(db: Db, clock: Clock, ticketId: number, body: string): void {
  const now = clock.now()
  db.transaction((tx) => {
    tx.insert(messages).values({ ticketId, body, createdAt: now }).run()
    tx.update(tickets).set({ status: 'open', updatedAt: now }).where(eq(tickets.id, ticketId)).run()
  })
}

/** Sets the ticket's status, unless another agent holds it. */
export function setStatus(
  db: Db,
  clock: Clock,
  ticketId: number,
  agentId: number,
  status: 'open' | 'resolved',
): ActionResult {
  const changed = db
    .update(tickets)
    .set({ status, updatedAt: clock.now() })
    .where(
      and(
        eq(tickets.id, ticketId),
        or(isNull(tickets.claimedBy), eq(tickets.claimedBy, agentId)),
        ne(tickets.status, status),
      ),
    )
    .run()
  if (changed.changes === 1) return { ok: true }
  if (!exists(db, ticketId)) return { ok: false, reason: 'not-found' }
  const holder = holderOf(db, ticketId)
  if (holder && holder.id !== agentId) return { ok: false, reason: 'held', holder }
  return { ok: true }
}
