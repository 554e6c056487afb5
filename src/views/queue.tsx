import type { FC } from 'hono/jsx'
import type { SessionAgent } from '../agents/sessions.js'
import type { QueueState } from '../tickets/queue.js'
import { Layout } from './layout.js'
import { StatusChip } from './status-chip.js'
import { Avatars } from './viewers.js'

/** Counts and the ticket table; the whole page at first, then the queue heartbeat's answer. */
export const QueueFragment: FC<{ queue: QueueState }> = ({ queue }) => (
  <section id="queue" class="queue">
    <ul class="counts" aria-label="Tickets by status">
      <li>
        <StatusChip status="available" /> <span class="count">{queue.counts.available}</span>
      </li>
      <li>
        <StatusChip status="viewing" /> <span class="count">{queue.counts.viewing}</span>
      </li>
      <li>
        <StatusChip status="claimed" /> <span class="count">{queue.counts.claimed}</span>
      </li>
      <li>
        <StatusChip status="waiting" /> <span class="count">{queue.counts.waiting}</span>
      </li>
    </ul>
    {queue.tickets.length === 0 ? (
      <p class="empty">No open tickets. Enjoy the quiet.</p>
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
            <tr data-ticket-id={t.id} data-status={t.status}>
              <td>
                <a href={`/tickets/${t.id}`}>
                  <span class="ticket-id">#{t.id}</span> {t.subject}
                </a>
                <div class="muted small">{t.customerName}</div>
              </td>
              <td>
                <StatusChip status={t.status} />
              </td>
              <td>{t.claimedBy?.name ?? '—'}</td>
              <td>
                <Avatars names={t.viewers} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
)

/** The queue page: the fragment plus the heartbeat that keeps it fresh. */
export const QueuePage: FC<{ agent: SessionAgent; queue: QueueState; intervalMs: number }> = ({
  agent,
  queue,
  intervalMs,
}) => (
  <Layout title="Queue" agent={agent}>
    <h1>Queue</h1>
    <form
      id="heartbeat"
      hx-post="/queue/heartbeat"
      hx-trigger={`load, every ${intervalMs}ms, beat-now`}
      hx-target="#queue"
      hx-swap="outerHTML"
    >
      <input type="hidden" name="client" value="" />
      <input type="hidden" name="state" value="viewing" />
    </form>
    <QueueFragment queue={queue} />
  </Layout>
)
