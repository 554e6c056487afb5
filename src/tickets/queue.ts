import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'

/** Status of a ticket as the queue shows it, derived on read from claim, status and presence. */
export type QueueStatus = 'available' | 'viewing' | 'claimed' | 'waiting' | 'resolved'

export type QueueTicket = {
  id: number
  subject: string
  customerName: string
  status: QueueStatus
  claimedBy: { id: number; name: string } | null
  viewers: string[]
  updatedAt: number
}

export type QueueState = {
  counts: Record<Exclude<QueueStatus, 'resolved'>, number>
  tickets: QueueTicket[]
}

export const QUEUE_PAGE_SIZE = 50

type Row = {
  id: number
  subject: string
  customerName: string
  status: 'open' | 'waiting' | 'resolved'
  claimedById: number | null
  claimedByName: string | null
  updatedAt: number
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

const statements = new WeakMap<Db, ReturnType<typeof prepare>>()

function prepare(db: Db) {
  const s = db.$client
  return {
    counts: s.prepare(
      `SELECT
         (SELECT count(*) FROM tickets WHERE status = 'open' AND claimed_by IS NULL) AS unclaimed,
         (SELECT count(*) FROM tickets WHERE status = 'open' AND claimed_by IS NOT NULL) AS claimed,
         (SELECT count(*) FROM tickets WHERE status = 'waiting') AS waiting,
         (SELECT count(DISTINCT p.ticket_id) FROM presence p JOIN tickets t ON t.id = p.ticket_id
           WHERE p.seen_at >= @cutoff AND t.status = 'open' AND t.claimed_by IS NULL) AS viewing`,
    ),
    page: s.prepare(
      `SELECT t.id, t.subject, t.customer_name AS customerName, t.status,
              t.claimed_by AS claimedById, a.name AS claimedByName, t.updated_at AS updatedAt
       FROM tickets t LEFT JOIN agents a ON a.id = t.claimed_by
       WHERE t.status IN ('open', 'waiting')
       ORDER BY t.updated_at, t.id
       LIMIT @limit`,
    ),
    viewers: s.prepare(
      `SELECT DISTINCT p.ticket_id AS ticketId, p.agent_id AS agentId, a.name AS name
       FROM presence p JOIN agents a ON a.id = p.agent_id
       WHERE p.ticket_id IS NOT NULL AND p.seen_at >= @cutoff
       ORDER BY a.name`,
    ),
  }
}

function stmts(db: Db) {
  let s = statements.get(db)
  if (!s) statements.set(db, (s = prepare(db)))
  return s
}

/** Counts per status and the first page of open tickets, oldest activity first. */
export function queueState(db: Db, clock: Clock, ttlMs: number): QueueState {
  const s = stmts(db)
  const cutoff = clock.now() - ttlMs
  const c = s.counts.get({ cutoff }) as Record<
    'unclaimed' | 'claimed' | 'waiting' | 'viewing',
    number
  >
  const rows = s.page.all({ limit: QUEUE_PAGE_SIZE }) as Row[]
  const viewers = new Map<number, string[]>()
  for (const v of s.viewers.all({ cutoff }) as { ticketId: number; name: string }[]) {
    const names = viewers.get(v.ticketId)
    if (names) names.push(v.name)
    else viewers.set(v.ticketId, [v.name])
  }
  return {
    counts: {
      available: c.unclaimed - c.viewing,
      viewing: c.viewing,
      claimed: c.claimed,
      waiting: c.waiting,
    },
    tickets: rows.map((r) => {
      const names = viewers.get(r.id) ?? []
      return {
        id: r.id,
        subject: r.subject,
        customerName: r.customerName,
        status: deriveStatus(r.status, r.claimedById, names.length > 0),
        claimedBy:
          r.claimedById !== null ? { id: r.claimedById, name: r.claimedByName ?? '' } : null,
        viewers: names,
        updatedAt: r.updatedAt,
      }
    }),
  }
}
