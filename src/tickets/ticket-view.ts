import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { ticketVersion } from '../db/desk-version.js'
import { FreshCache, type Expiring } from '../db/fresh-cache.js'
import { perConnection } from '../db/per-connection.js'
import type { Ticket } from '../db/schema.js'
import { statement } from '../db/statements.js'
import { customerPresence } from '../presence/customer-presence.js'
import { presenceOn, type Viewer } from '../presence/presence.js'
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

const views = perConnection(() => new FreshCache<TicketView | undefined>())

const AGENT_NAME = `SELECT id, name FROM agents WHERE id = ?`

function readTicketView(
  db: Db,
  clock: Clock,
  ttlMs: number,
  ticketId: number,
): Expiring<TicketView | undefined> {
  const ticket = findTicket(db, ticketId)
  if (!ticket) return { value: undefined, validUntil: Infinity }
  const viewers = presenceOn(db, clock, ttlMs, { kind: 'ticket', ticketId })
  const customer = customerPresence(db, clock, ttlMs, ticketId)
  const holder =
    ticket.claimedBy === null
      ? null
      : ((statement(db, AGENT_NAME).get(ticket.claimedBy) as { id: number; name: string }) ?? null)
  return {
    value: {
      ticket,
      holder,
      viewers: viewers.value,
      customerHere: customer.value,
      status: deriveStatus(ticket.status, ticket.claimedBy, viewers.value.length > 0),
    },
    validUntil: Math.min(viewers.validUntil, customer.validUntil),
  }
}

/**
 * Everything the ticket page's presence panel shows, read at one moment. Every viewer of a
 * ticket polls it, so it is shared until it changes (see FreshCache).
 */
export function loadTicketView(
  db: Db,
  clock: Clock,
  ttlMs: number,
  ticketId: number,
): TicketView | undefined {
  return views(db).get(ticketId, ticketVersion(db, ticketId), clock.now(), () =>
    readTicketView(db, clock, ttlMs, ticketId),
  )
}
