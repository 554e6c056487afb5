import { agents, tickets, messages, type Agent, type Ticket } from '../src/db/schema.js'
import type { Db } from '../src/db/client.js'
import type { Clock } from '../src/clock.js'
import { hashPassword } from '../src/agents/password.js'
import { newTicketToken } from '../src/tickets/tickets.js'

/** Cheap scrypt for fixtures: verification reads the parameters from the hash itself. */
export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 }

let seq = 0

export function buildTicket(overrides: Partial<typeof tickets.$inferInsert> = {}) {
  seq += 1
  return {
    token: newTicketToken(),
    customerName: `Customer ${seq}`,
    customerEmail: `customer${seq}@example.com`,
    subject: `Problem number ${seq}`,
    createdAt: 0,
    updatedAt: 0,
    waitingSince: 0,
    lastMessageAt: 0,
    ...overrides,
  } satisfies typeof tickets.$inferInsert
}

/** Persists a ticket with one customer message. */
export function createTicket(
  db: Db,
  clock: Clock,
  overrides: Partial<typeof tickets.$inferInsert> = {},
): Ticket {
  const now = clock.now()
  const ticket = db
    .insert(tickets)
    .values(
      buildTicket({
        createdAt: now,
        updatedAt: now,
        waitingSince: now,
        lastMessageAt: now,
        ...overrides,
      }),
    )
    .returning()
    .get()
  db.insert(messages)
    .values({ ticketId: ticket.id, body: 'Hello, it is broken.', createdAt: now })
    .run()
  return ticket
}

export const PASSWORD = 'correct horse battery staple'

export async function createAgent(
  db: Db,
  clock: Clock,
  overrides: Partial<typeof agents.$inferInsert> = {},
): Promise<Agent> {
  seq += 1
  return db
    .insert(agents)
    .values({
      email: `agent${seq}@example.com`,
      name: `Agent ${seq}`,
      passwordHash: await hashPassword(PASSWORD, FAST_SCRYPT),
      createdAt: clock.now(),
      ...overrides,
    })
    .returning()
    .get()
}
