import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** Support agents. Added with the CLI or the first-run setup link; never deleted, only disabled. */
export const agents = sqliteTable(
  'agents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    disabledAt: integer('disabled_at'),
  },
  (t) => [uniqueIndex('agents_email_unique').on(t.email)],
)

/** Server-side sessions. The id is the SHA-256 of the cookie token, so a leaked table logs no one in. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    lastActiveAt: integer('last_active_at').notNull(),
  },
  (t) => [index('sessions_agent_idx').on(t.agentId)],
)

/**
 * A customer's request. `status` is what people decided (open, waiting on the customer,
 * resolved); whether an open ticket is available, viewing or claimed is derived on read.
 */
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    token: text('token').notNull(),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email').notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: ['open', 'waiting', 'resolved'] })
      .notNull()
      .default('open'),
    claimedBy: integer('claimed_by').references(() => agents.id),
    claimedAt: integer('claimed_at'),
    createdAt: integer('created_at').notNull(),
    /** Last time something happened on the ticket; the queue sorts oldest first. */
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('tickets_token_unique').on(t.token),
    index('tickets_status_updated_idx').on(t.status, t.updatedAt, t.id),
    index('tickets_claimed_by_idx').on(t.claimedBy),
  ],
)

/** The conversation on a ticket: customer messages have no agent. */
export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorAgentId: integer('author_agent_id').references(() => agents.id),
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('messages_ticket_idx').on(t.ticketId, t.id)],
)

/**
 * Who is looking at which page right now: one row per (page, agent, browser tab). A row older
 * than the presence TTL is dead and is purged by the next heartbeat; there is no timer.
 * `page` is 'queue' or 'ticket:{id}'; `ticket_id` repeats the id for joins.
 */
export const presence = sqliteTable(
  'presence',
  {
    page: text('page').notNull(),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    clientId: text('client_id').notNull(),
    ticketId: integer('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['viewing', 'replying', 'away'] }).notNull(),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.page, t.agentId, t.clientId] }),
    index('presence_seen_idx').on(t.seenAt),
    index('presence_ticket_idx').on(t.ticketId, t.seenAt),
  ],
)

export type Agent = typeof agents.$inferSelect
export type Ticket = typeof tickets.$inferSelect
export type Message = typeof messages.$inferSelect
export type PresenceState = (typeof presence.$inferSelect)['state']
