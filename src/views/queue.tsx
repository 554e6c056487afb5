import type { FC } from 'hono/jsx'
import type { SessionAgent } from '../agents/sessions.js'
import {
  cursorText,
  QUEUE_FILTERS,
  type Cursor,
  type QueueFilter,
  type QueueState,
  type QueueTicket,
} from '../tickets/queue.js'
import { Layout } from './layout.js'
import { renderOnce } from './render-once.js'
import { StatusChip } from './status-chip.js'
import { Avatars } from './viewers.js'

const filterLabels: Record<QueueFilter, string> = {
  open: 'Open',
  unclaimed: 'Unclaimed',
  mine: 'Mine',
  waiting: 'Waiting on customer',
  resolved: 'Resolved',
}

const Row: FC<{ ticket: QueueTicket; unread: boolean }> = ({ ticket: t, unread }) => (
  <tr data-ticket-id={t.id} data-status={t.status} class={unread ? 'unread' : undefined}>
    <td>
      {/* The id lets htmx keep keyboard focus on this link across polls. */}
      <a href={`/tickets/${t.id}`} id={`ticket-link-${t.id}`}>
        <span class="ticket-id">#{t.id}</span> {t.subject}
      </a>
      {unread && <span class="badge">New activity</span>}
      {t.customerReplied && <span class="badge badge-replied">Customer replied</span>}
      <div class="muted small">
        {t.customerName} ·{' '}
        <time datetime={new Date(t.waitingSince).toISOString()} data-since={t.waitingSince}>
          since {new Date(t.waitingSince).toISOString().slice(0, 16).replace('T', ' ')} UTC
        </time>
      </div>
    </td>
    <td>
      <StatusChip status={t.status} />
    </td>
    <td>{t.claimedBy?.name ?? '—'}</td>
    <td>
      <Avatars names={t.viewers} />
    </td>
  </tr>
)

// Rows per shared ticket object and read state; whole fragments per shared page of tickets
// (the same array while nothing changes, see queueState) and set of unread marks.
const rows = renderOnce()
const fragments = renderOnce(256)

/** One ticket row of the queue, rendered at most once per version of the ticket. */
export const QueueRow: FC<{ ticket: QueueTicket; unread: boolean }> = ({ ticket, unread }) =>
  rows(ticket, unread ? 'unread' : 'read', () => <Row ticket={ticket} unread={unread} />)

/** Counts and one page of tickets; the whole page at first, then the queue heartbeat's answer. */
export const QueueFragment: FC<{ queue: QueueState }> = ({ queue }) =>
  fragments(queue.tickets, [...queue.unread].join(','), () => <Fragment queue={queue} />)

const Fragment: FC<{ queue: QueueState }> = ({ queue }) => (
  <section id="queue" class="queue" data-filter={queue.filter}>
    <ul class="counts" aria-label="Tickets by status">
      {(['available', 'viewing', 'claimed', 'waiting'] as const).map((s) => (
        <li>
          <StatusChip status={s} />{' '}
          <span class="count" data-count={s}>
            {queue.counts[s]}
          </span>
        </li>
      ))}
    </ul>
    {queue.tickets.length === 0 ? (
      <p class="empty">No tickets here. Enjoy the quiet.</p>
    ) : (
      <table class="tickets">
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Status</th>
            <th scope="col">Held by</th>
            <th scope="col">On it now</th>
          </tr>
        </thead>
        <tbody>
          {queue.tickets.map((t) => (
            <QueueRow ticket={t} unread={queue.unread.has(t.id)} />
          ))}
        </tbody>
      </table>
    )}
    {queue.next && (
      <p class="pager">
        <a href={`/queue?filter=${queue.filter}&after=${cursorText(queue.next)}`}>Next page →</a>
      </p>
    )}
  </section>
)

type PageProps = {
  agent: SessionAgent
  queue: QueueState
  after: Cursor | undefined
  intervalMs: number
}

/** The queue page: filters, the fragment, and the heartbeat that keeps it fresh. */
export const QueuePage: FC<PageProps> = ({ agent, queue, after, intervalMs }) => (
  <Layout title="Queue" agent={agent}>
    <h1>Queue</h1>
    <nav class="filters" aria-label="Queue filters">
      {QUEUE_FILTERS.map((f) => (
        <a href={`/queue?filter=${f}`} aria-current={f === queue.filter ? 'page' : undefined}>
          {filterLabels[f]}
        </a>
      ))}
      {after && <a href={`/queue?filter=${queue.filter}`}>First page</a>}
    </nav>
    <form
      id="heartbeat"
      hx-post="/queue/heartbeat"
      hx-trigger={`load, every ${intervalMs}ms, beat-now`}
      hx-target="#queue"
      hx-swap="outerHTML"
    >
      <input type="hidden" name="client" value="" />
      <input type="hidden" name="state" value="viewing" />
      <input type="hidden" name="filter" value={queue.filter} />
      {after && <input type="hidden" name="after" value={cursorText(after)} />}
    </form>
    <QueueFragment queue={queue} />
  </Layout>
)
