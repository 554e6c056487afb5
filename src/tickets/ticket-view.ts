import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { freshCache } from '../db/fresh-cache.js'
import type { Ticket } from '../db/schema.js'
import { statement } from '../db/statements.js'
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

const AGENT_NAME = `SELECT id, name FROM agents WHERE id = ?`

function readTicketView(db: Db, clock: Clock, ttlMs: number, ticketId: number) {
  const ticket = findTicket(db, ticketId)
  if (!ticket) return undefined
  const viewers = viewersOf(db, clock, ttlMs, { kind: 'ticket', ticketId })
  const holder =
    ticket.claimedBy === null
      ? null
      : ((statement(db, AGENT_NAME).get(ticket.claimedBy) as { id: number; name: string }) ?? null)
  return {
    ticket,
    holder,
    viewers,
    customerHere: isCustomerHere(db, clock, ttlMs, ticketId),
    status: deriveStatus(ticket.status, ticket.claimedBy, viewers.length > 0),
  }
}

/**
 * Everything the ticket page's presence panel shows, read at one moment. Every viewer of a
 * ticket polls it, so it is shared until the desk changes (see FreshCache).
 */
export function loadTicketView(
  db: Db,
  clock: Clock,
  ttlMs: number,
  ticketId: number,
): TicketView | undefined {
  return freshCache<TicketView | undefined>(db, clock, 'ticket-view', ttlMs).get(ticketId, () =>
    readTicketView(db, clock, ttlMs, ticketId),
  )
}
