import { eq } from 'drizzle-orm'
import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { agents, type Ticket } from '../db/schema.js'
import { isCustomerHere } from '../presence/customer-presence.js'
import { viewersOf, type Viewer } from '../presence/presence.js'
import { deriveStatus, type QueueStatus } from './queue.js'
import { findTicket } from './tickets.js'

export type TicketView = {
  ticket: Ticket
  status: QueueStatus
  holder: { id: number; name: string } | null
  viewers: Viewer[]
  /** The customer has their private page open right now. */
  customerHere: boolean
}

/** Everything the ticket page's presence panel shows, read at one moment. */
export function loadTicketView(
  db: Db,
  clock: Clock,
  ttlMs: number,
  ticketId: number,
): TicketView | undefined {
  const ticket = findTicket(db, ticketId)
  if (!ticket) return undefined
  const viewers = viewersOf(db, clock, ttlMs, { kind: 'ticket', ticketId })
  const holder =
    ticket.claimedBy === null
      ? null
      : (db
          .select({ id: agents.id, name: agents.name })
          .from(agents)
          .where(eq(agents.id, ticket.claimedBy))
          .get() ?? null)
  return {
    ticket,
    holder,
    viewers,
    customerHere: isCustomerHere(db, clock, ttlMs, ticketId),
    status: deriveStatus(ticket.status, ticket.claimedBy, viewers.length > 0),
  }
}
