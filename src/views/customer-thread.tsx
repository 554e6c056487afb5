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

type Props = {
  ticket: Ticket
  entries: ConversationEntry[]
  draft?: string
  errors?: FieldErrors
}

/** The customer's private page: their conversation and a follow-up form. */
export const CustomerThreadPage: FC<Props> = ({ ticket, entries, draft, errors = {} }) => (
  <Layout title={ticket.subject}>
    <section class="card">
      <h1>{ticket.subject}</h1>
      <p class="status-line" data-ticket-status={ticket.status}>
        {plainStatus[ticket.status]}
      </p>
      <Conversation entries={entries} customerLabel="You" />
      <form method="post" action={`/requests/${ticket.token}/messages`} class="reply-form">
        <label for="f-message">Add a message</label>
        <textarea id="f-message" name="message" rows={5} maxlength={20000} required>
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
