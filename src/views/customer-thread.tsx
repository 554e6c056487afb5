import type { FC } from 'hono/jsx'
import type { Ticket } from '../db/schema.js'
import type { FieldErrors } from '../tickets/schemas.js'
import type { ConversationEntry } from '../tickets/tickets.js'
import { Conversation } from './conversation.js'
import { Layout } from './layout.js'

const plainStatus: Record<Ticket['status'], string> = {
  open: 'We have your request and will answer soon.',
  waiting: 'We have replied and are waiting to hear from you.',
  resolved: 'This request is resolved. Write below if you need more help and we will reopen it.',
}

type ThreadProps = { ticket: Ticket; entries: ConversationEntry[] }

/** The state in plain words and the conversation: the page body and the customer poll's answer. */
export const ThreadFragment: FC<ThreadProps> = ({ ticket, entries }) => (
  <section id="thread" aria-live="polite">
    <p class="status-line" data-ticket-status={ticket.status}>
      {plainStatus[ticket.status]}
    </p>
    <Conversation entries={entries} customerLabel="You" />
  </section>
)

type Props = ThreadProps & { draft?: string | undefined; errors?: FieldErrors; intervalMs: number }

/** The customer's private page: their conversation and a follow-up form. */
export const CustomerThreadPage: FC<Props> = ({
  ticket,
  entries,
  draft,
  errors = {},
  intervalMs,
}) => (
  <Layout title={ticket.subject}>
    <section class="card">
      <h1>{ticket.subject}</h1>
      {/* Polls for new replies; with JavaScript off, a reload does the same. */}
      <form
        id="heartbeat"
        hx-post={`/requests/${ticket.token}/heartbeat`}
        hx-trigger={`load, every ${intervalMs}ms, beat-now`}
        hx-target="#thread"
        hx-swap="outerHTML"
        data-leave={`/requests/${ticket.token}/leave`}
      >
        <input type="hidden" name="client" value="" />
      </form>
      <ThreadFragment ticket={ticket} entries={entries} />
      <form method="post" action={`/requests/${ticket.token}/messages`} class="reply-form">
        <label for="f-message">Add a message</label>
        <textarea
          id="f-message"
          name="message"
          rows={5}
          maxlength={20000}
          required
          aria-invalid={errors.message ? 'true' : undefined}
        >
          {draft ?? ''}
        </textarea>
        {errors.message && <p class="field-error">{errors.message}</p>}
        <button type="submit" class="primary">
          Send
        </button>
      </form>
      <p class="muted small">Keep this page's address: it is your private link to this request.</p>
    </section>
  </Layout>
)
