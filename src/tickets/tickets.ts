import { randomBytes } from 'node:crypto'
import { and, asc, eq, isNull, ne } from 'drizzle-orm'
import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { deskChanged } from '../db/desk-version.js'
import { durably } from '../db/durable.js'
import { statement } from '../db/statements.js'
import { agents, messages, tickets, type Ticket } from '../db/schema.js'

export type NewRequest = { name: string; email: string; subject: string; message: string }

/** 192 random bits, URL-safe: the customer's private link cannot be guessed or enumerated. */
export function newTicketToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Creates a ticket and its first message in one transaction. */
export function createRequest(db: Db, clock: Clock, input: NewRequest): Ticket {
  const now = clock.now()
  const write = () =>
    db.transaction((tx) => {
      const ticket = tx
        .insert(tickets)
        .values({
          token: newTicketToken(),
          customerName: input.name,
          customerEmail: input.email,
          subject: input.subject,
          createdAt: now,
          updatedAt: now,
          waitingSince: now,
          lastMessageAt: now,
        })
        .returning()
        .get()
      tx.insert(messages).values({ ticketId: ticket.id, body: input.message, createdAt: now }).run()
      deskChanged(db, [ticket.id])
      return ticket
    })
  return durably(db, write)
}

const TICKET_COLUMNS = `id, token, customer_name AS customerName,
    customer_email AS customerEmail, subject, status, claimed_by AS claimedBy,
    claimed_at AS claimedAt, created_at AS createdAt, updated_at AS updatedAt,
    waiting_since AS waitingSince, last_message_at AS lastMessageAt,
    customer_replied_at AS customerRepliedAt`
const FIND_TICKET = `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`
const FIND_BY_TOKEN = `SELECT ${TICKET_COLUMNS} FROM tickets WHERE token = ?`

/** One ticket by id (a prepared query: heartbeats look tickets up constantly). */
export function findTicket(db: Db, id: number): Ticket | undefined {
  return statement(db, FIND_TICKET).get(id) as Ticket | undefined
}

/** The ticket behind a customer's private link (polled every interval while it is open). */
export function findTicketByToken(db: Db, token: string): Ticket | undefined {
  return statement(db, FIND_BY_TOKEN).get(token) as Ticket | undefined
}

export type ConversationEntry = {
  id: number
  body: string
  createdAt: number
  /** Display name of the agent who wrote it; null for the customer. */
  agentName: string | null
}

/** The messages of a ticket, oldest first. */
export function conversation(db: Db, ticketId: number): ConversationEntry[] {
  return db
    .select({
      id: messages.id,
      body: messages.body,
      createdAt: messages.createdAt,
      agentName: agents.name,
    })
    .from(messages)
    .leftJoin(agents, eq(agents.id, messages.authorAgentId))
    .where(eq(messages.ticketId, ticketId))
    .orderBy(asc(messages.id))
    .all()
}

export type ClaimResult =
  | { ok: true }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'resolved' }
  | { ok: false; reason: 'held'; holder: { id: number; name: string } }

/**
 * Claims a ticket for an agent. The single conditional UPDATE is the lock: however many claims
 * race, SQLite serialises the writes and only the first finds `claimed_by IS NULL`.
 */
export function claimTicket(db: Db, clock: Clock, ticketId: number, agentId: number): ClaimResult {
  const now = clock.now()
  const won = db
    .update(tickets)
    .set({ claimedBy: agentId, claimedAt: now, updatedAt: now })
    .where(and(eq(tickets.id, ticketId), isNull(tickets.claimedBy), ne(tickets.status, 'resolved')))
    .run()
  if (won.changes === 1) {
    deskChanged(db, [ticketId])
    return { ok: true }
  }
  return whyNotMine(db, ticketId, agentId)
}

/** Gives a claimed ticket back to the queue; only its holder can. */
export function releaseTicket(
  db: Db,
  clock: Clock,
  ticketId: number,
  agentId: number,
): ClaimResult {
  const released = db
    .update(tickets)
    .set({ claimedBy: null, claimedAt: null, updatedAt: clock.now() })
    .where(and(eq(tickets.id, ticketId), eq(tickets.claimedBy, agentId)))
    .run()
  if (released.changes === 1) {
    deskChanged(db, [ticketId])
    return { ok: true }
  }
  const outcome = whyNotMine(db, ticketId, agentId)
  // A ticket nobody holds is already released: that is the outcome the agent asked for.
  return outcome.ok === false && outcome.reason === 'resolved' ? { ok: true } : outcome
}

const HOLD = `SELECT t.status, a.id AS holderId, a.name AS holderName
  FROM tickets t LEFT JOIN agents a ON a.id = t.claimed_by WHERE t.id = ?`

/** A ticket's status and who holds it; undefined when there is no such ticket. */
function holdOf(db: Db, ticketId: number) {
  const row = statement(db, HOLD).get(ticketId) as
    { status: Ticket['status']; holderId: number | null; holderName: string | null } | undefined
  if (!row) return undefined
  const holder = row.holderId !== null ? { id: row.holderId, name: row.holderName ?? '' } : null
  return { status: row.status, holder }
}

type Refusal = Extract<ClaimResult, { reason: 'not-found' | 'held' }>

function refusalOf(hold: ReturnType<typeof holdOf>, agentId: number): Refusal | undefined {
  if (!hold) return { ok: false, reason: 'not-found' }
  if (hold.holder && hold.holder.id !== agentId) {
    return { ok: false, reason: 'held', holder: hold.holder }
  }
  return undefined
}

/**
 * Why an agent may not act on a ticket: it does not exist, or another agent holds it.
 * Undefined when they may (they hold it, or nobody does).
 */
export function blockedFor(db: Db, ticketId: number, agentId: number): Refusal | undefined {
  return refusalOf(holdOf(db, ticketId), agentId)
}

function whyNotMine(db: Db, ticketId: number, agentId: number): ClaimResult {
  const hold = holdOf(db, ticketId)
  const refusal = refusalOf(hold, agentId)
  if (refusal) return refusal
  return hold!.status === 'resolved' ? { ok: false, reason: 'resolved' } : { ok: true }
}
