import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { deskVersion } from '../db/desk-version.js'
import { expiryOf, FreshCache, type Expiring } from '../db/fresh-cache.js'
import { perConnection } from '../db/per-connection.js'
import { readsVersion, unreadAmong } from './read-marks.js'
import { statement } from '../db/statements.js'

/** Status of a ticket as the queue shows it, derived on read from claim, status and presence. */
export type QueueStatus = 'available' | 'viewing' | 'claimed' | 'waiting' | 'resolved'

export const QUEUE_FILTERS = ['open', 'unclaimed', 'mine', 'waiting', 'resolved'] as const
export type QueueFilter = (typeof QUEUE_FILTERS)[number]

export const QUEUE_PAGE_SIZE = 50

/** Where a page starts: the sort key of the last ticket on the previous page. */
export type Cursor = { waitingSince: number; id: number }

/** A cursor as it travels in a URL or form: `waitingSince.id`. */
export const cursorText = (c: Cursor) => `${c.waitingSince}.${c.id}`

export type QueueQuery = { agentId: number; filter: QueueFilter; after?: Cursor | undefined }

export type QueueTicket = {
  id: number
  subject: string
  customerName: string
  status: QueueStatus
  claimedBy: { id: number; name: string } | null
  viewers: string[]
  waitingSince: number
  /** The customer wrote again after an agent's reply. */
  customerReplied: boolean
  lastMessageAt: number
}

export type QueueCounts = Record<Exclude<QueueStatus, 'resolved'>, number>

export type QueueState = {
  filter: QueueFilter
  counts: QueueCounts
  /** Shared by every agent looking at the same page: treat as read-only. */
  tickets: readonly QueueTicket[]
  /** Cursor of the next page, if there is one. */
  next: Cursor | null
  /** Tickets on the page with a message since this agent last opened them (or never opened). */
  unread: ReadonlySet<number>
}

type Row = {
  id: number
  subject: string
  customerName: string
  status: 'open' | 'waiting' | 'resolved'
  claimedById: number | null
  claimedByName: string | null
  waitingSince: number
  customerRepliedAt: number | null
  lastMessageAt: number
}

/** Derives the queue status of one ticket. */
export function deriveStatus(
  status: Row['status'],
  claimedBy: number | null,
  hasViewers: boolean,
): QueueStatus {
  if (status === 'resolved') return 'resolved'
  if (status === 'waiting') return 'waiting'
  if (claimedBy !== null) return 'claimed'
  return hasViewers ? 'viewing' : 'available'
}

// Each filter is a WHERE clause with an index that ends in the sort key (see schema.ts).
const filterSql: Record<QueueFilter, string> = {
  open: `t.status = 'open'`,
  unclaimed: `t.status = 'open' AND t.claimed_by IS NULL`,
  mine: `t.claimed_by = @agentId AND t.status != 'resolved'`,
  waiting: `t.status = 'waiting'`,
  resolved: `t.status = 'resolved'`,
}

// Resolved tickets are browsed newest first; everything else oldest-waiting first.
const descending = (filter: QueueFilter) => filter === 'resolved'

export function pageSql(filter: QueueFilter, withCursor: boolean): string {
  const desc = descending(filter)
  const cursor = withCursor
    ? `AND (t.waiting_since, t.id) ${desc ? '<' : '>'} (@waitingSince, @id)`
    : ''
  const dir = desc ? 'DESC' : 'ASC'
  return `SELECT t.id, t.subject, t.customer_name AS customerName, t.status,
            t.claimed_by AS claimedById, a.name AS claimedByName,
            t.waiting_since AS waitingSince, t.customer_replied_at AS customerRepliedAt,
            t.last_message_at AS lastMessageAt
     FROM tickets t
     LEFT JOIN agents a ON a.id = t.claimed_by
     WHERE ${filterSql[filter]} ${cursor}
     ORDER BY t.waiting_since ${dir}, t.id ${dir}
     LIMIT @limit`
}

// CROSS JOIN makes SQLite start from presence (live rows only), not from every open ticket.
export const COUNTS_SQL = `SELECT
   (SELECT count(*) FROM tickets WHERE status = 'open' AND claimed_by IS NULL) AS unclaimed,
   (SELECT count(*) FROM tickets WHERE status = 'open' AND claimed_by IS NOT NULL) AS claimed,
   (SELECT count(*) FROM tickets WHERE status = 'waiting') AS waiting,
   (SELECT count(DISTINCT p.ticket_id) FROM presence p CROSS JOIN tickets t ON t.id = p.ticket_id
     WHERE p.seen_at >= @cutoff AND t.status = 'open' AND t.claimed_by IS NULL) AS viewing,
   (SELECT min(seen_at) FROM presence
     WHERE seen_at >= @cutoff AND ticket_id IS NOT NULL) AS oldestViewer`

export const PAGE_VIEWERS_SQL = `SELECT p.ticket_id AS ticketId, p.agent_id AS agentId, a.name AS name,
     p.seen_at AS seenAt
   FROM presence p JOIN agents a ON a.id = p.agent_id
   WHERE p.ticket_id IN (SELECT value FROM json_each(@ids)) AND p.seen_at >= @cutoff
   ORDER BY a.name, a.id`

/**
 * Ticket counts per status over the whole desk (index-only counts), and until when they hold
 * without a write: the oldest ticket viewer passing the TTL may end a "viewing".
 */
export function queueCounts(db: Db, clock: Clock, ttlMs: number): Expiring<QueueCounts> {
  const c = statement(db, COUNTS_SQL).get({ cutoff: clock.now() - ttlMs }) as Record<
    'unclaimed' | 'claimed' | 'waiting' | 'viewing',
    number
  > & { oldestViewer: number | null }
  return {
    value: {
      available: c.unclaimed - c.viewing,
      viewing: c.viewing,
      claimed: c.claimed,
      waiting: c.waiting,
    },
    validUntil: c.oldestViewer === null ? Infinity : c.oldestViewer + ttlMs + 1,
  }
}

type SharedPage = Omit<QueueState, 'unread'> & {
  unreadByAgent: Map<number, { version: number; unread: ReadonlySet<number> }>
}

const pages = perConnection(() => new FreshCache<SharedPage>())

function readPage(
  db: Db,
  clock: Clock,
  ttlMs: number,
  query: QueueQuery,
): Expiring<Omit<QueueState, 'unread'>> {
  const cutoff = clock.now() - ttlMs
  const rows = statement(db, pageSql(query.filter, query.after !== undefined)).all({
    agentId: query.agentId,
    limit: QUEUE_PAGE_SIZE + 1,
    ...query.after,
  }) as Row[]
  const hasMore = rows.length > QUEUE_PAGE_SIZE
  const page = rows.slice(0, QUEUE_PAGE_SIZE)

  const viewers = new Map<number, string[]>()
  const seenAt: number[] = []
  const ids = JSON.stringify(page.map((r) => r.id))
  const viewerRows = statement(db, PAGE_VIEWERS_SQL).all({ ids, cutoff }) as {
    ticketId: number
    agentId: number
    name: string
    seenAt: number
  }[]
  const counted = new Set<string>()
  for (const v of viewerRows) {
    seenAt.push(v.seenAt)
    // One name per agent, however many tabs they have open on the ticket.
    if (counted.has(`${v.ticketId}:${v.agentId}`)) continue
    counted.add(`${v.ticketId}:${v.agentId}`)
    const names = viewers.get(v.ticketId)
    if (names) names.push(v.name)
    else viewers.set(v.ticketId, [v.name])
  }
  const counts = queueCounts(db, clock, ttlMs)
  const last = page.at(-1)
  const value = {
    filter: query.filter,
    counts: counts.value,
    next: hasMore && last ? { waitingSince: last.waitingSince, id: last.id } : null,
    tickets: page.map((r) => {
      const names = viewers.get(r.id) ?? []
      return {
        id: r.id,
        subject: r.subject,
        customerName: r.customerName,
        status: deriveStatus(r.status, r.claimedById, names.length > 0),
        claimedBy:
          r.claimedById !== null ? { id: r.claimedById, name: r.claimedByName ?? '' } : null,
        viewers: names,
        waitingSince: r.waitingSince,
        customerReplied: r.status === 'open' && r.customerRepliedAt !== null,
        lastMessageAt: r.lastMessageAt,
      }
    }),
  }
  return { value, validUntil: Math.min(counts.validUntil, expiryOf(seenAt, ttlMs)) }
}

/**
 * One page of the queue as one agent sees it, plus the desk-wide counts. The page is the same
 * for every agent until it changes, so it is read once and shared (FreshCache); only the
 * agent's own "new activity" marks are read per request, for the tickets on the page.
 */
export function queueState(
  db: Db,
  clock: Clock,
  ttlMs: number,
  query: QueueQuery = { agentId: 0, filter: 'open' },
): QueueState {
  const key = [
    query.filter,
    query.filter === 'mine' ? query.agentId : '',
    query.after ? `${query.after.waitingSince}.${query.after.id}` : '',
  ].join('|')
  const shared = pages(db).get(key, deskVersion(db), clock.now(), () => {
    const page = readPage(db, clock, ttlMs, query)
    return { value: { ...page.value, unreadByAgent: new Map() }, validUntil: page.validUntil }
  })
  // The same Set comes back while neither the page nor the agent's read marks change, which
  // lets the view reuse what it rendered for this agent last time.
  const version = readsVersion(db, query.agentId)
  let mine = shared.unreadByAgent.get(query.agentId)
  if (!mine || mine.version !== version) {
    mine = { version, unread: unreadAmong(db, query.agentId, shared.tickets) }
    shared.unreadByAgent.set(query.agentId, mine)
  }
  const { unreadByAgent: _, ...page } = shared
  return { ...page, unread: mine.unread }
}
