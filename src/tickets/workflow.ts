import { and, eq, isNull, ne, or } from 'drizzle-orm'
import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { deskChanged } from '../db/desk-version.js'
import { durably } from '../db/durable.js'
import { messages, tickets } from '../db/schema.js'
import { blockedFor } from './tickets.js'

export type ActionResult = { ok: true } | NonNullable<ReturnType<typeof blockedFor>>

// The holder may act on a ticket; so may anyone while nobody holds it.
const actionableBy = (ticketId: number, agentId: number) =>
  and(eq(tickets.id, ticketId), or(isNull(tickets.claimedBy), eq(tickets.claimedBy, agentId)))

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
  return durably(db, () =>
    db.transaction((tx) => {
      const mine = tx
        .update(tickets)
        .set({
          claimedBy: agentId,
          claimedAt: now,
          status: 'waiting',
          waitingSince: now,
          lastMessageAt: now,
          updatedAt: now,
          customerRepliedAt: null,
        })
        .where(actionableBy(ticketId, agentId))
        .run()
      // Nothing changed, so the ticket is missing or someone else holds it.
      if (mine.changes === 0) return blockedFor(db, ticketId, agentId)!
      tx.insert(messages).values({ ticketId, authorAgentId: agentId, body, createdAt: now }).run()
      deskChanged(db, [ticketId])
      return { ok: true }
    }),
  )
}

/**
 * A customer's follow-up. A ticket that was waiting on them or resolved comes back to the agents'
 * open queue, marked "customer replied" and keeping its holder; an open ticket keeps its place.
 */
export function addFollowUp(db: Db, clock: Clock, ticketId: number, body: string): void {
  const now = clock.now()
  durably(db, () =>
    db.transaction((tx) => {
      tx.insert(messages).values({ ticketId, body, createdAt: now }).run()
      tx.update(tickets)
        .set({ status: 'open', waitingSince: now, customerRepliedAt: now })
        .where(and(eq(tickets.id, ticketId), ne(tickets.status, 'open')))
        .run()
      tx.update(tickets)
        .set({ lastMessageAt: now, updatedAt: now })
        .where(eq(tickets.id, ticketId))
        .run()
      deskChanged(db, [ticketId])
    }),
  )
}

/** Resolves a ticket, or reopens it into the open queue, unless another agent holds it. */
export function setStatus(
  db: Db,
  clock: Clock,
  ticketId: number,
  agentId: number,
  status: 'open' | 'resolved',
): ActionResult {
  const now = clock.now()
  return db.transaction((tx) => {
    const changed = tx
      .update(tickets)
      .set({ status, waitingSince: now, updatedAt: now, customerRepliedAt: null })
      .where(and(actionableBy(ticketId, agentId), ne(tickets.status, status)))
      .run()
    if (changed.changes === 1) {
      deskChanged(db, [ticketId])
      return { ok: true }
    }
    // Allowed but unchanged: already in the asked-for state, nothing to do and nothing wrong.
    return blockedFor(db, ticketId, agentId) ?? { ok: true }
  })
}
