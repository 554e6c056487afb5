import { sql } from 'drizzle-orm'
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
    /** Last time anything changed on the ticket. */
    updatedAt: integer('updated_at').notNull(),
    /**
     * Since when the ticket has been in its current state: for an open ticket, how long the
     * customer has been waiting for us; for a waiting one, how long we have waited on them.
     * The queue lists the oldest first.
     */
    waitingSince: integer('waiting_since').notNull(),
    /** Time of the newest message; "new activity" compares it with when an agent last looked. */
    lastMessageAt: integer('last_message_at').notNull(),
    /** Set when a customer's follow-up brought the ticket back; cleared by the next agent reply. */
    customerRepliedAt: integer('customer_replied_at'),
  },
  (t) => [
    uniqueIndex('tickets_token_unique').on(t.token),
    // One index per queue filter, each ending in the sort key, so a page is an index range scan.
    index('tickets_status_waiting_idx').on(t.status, t.waitingSince, t.id),
    index('tickets_status_claim_waiting_idx').on(t.status, t.claimedBy, t.waitingSince, t.id),
    // "Mine" skips the agent's resolved history, which only grows.
    index('tickets_mine_idx')
      .on(t.claimedBy, t.waitingSince, t.id)
      .where(sql`${t.status} != 'resolved'`),
    index('tickets_claimed_by_idx').on(t.claimedBy),
  ],
)

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
    // Not (ticket_id, seen_at): seen_at changes on every heartbeat, and each index holding it
    // is one more page written per heartbeat.
    index('presence_ticket_idx').on(t.ticketId),
  ],
)

/** A customer with their private page open: agents see "customer is here now". */
export const customerPresence = sqliteTable(
  'customer_presence',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    clientId: text('client_id').notNull(),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.clientId] }),
    index('customer_presence_seen_idx').on(t.seenAt),
  ],
)

/** When an agent last opened a ticket, to mark tickets with activity since then. */
export const ticketReads = sqliteTable(
  'ticket_reads',
  {
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    readAt: integer('read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.ticketId] })],
)

/** Secrets the server makes for itself (the key that signs device cookies). */
export const serverSecrets = sqliteTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
})

export type Agent = typeof agents.$inferSelect
export type Ticket = typeof tickets.$inferSelect
export type Message = typeof messages.$inferSelect
export type PresenceState = (typeof presence.$inferSelect)['state']
