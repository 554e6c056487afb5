import type { FC } from 'hono/jsx'
import type { SessionAgent } from '../agents/sessions.js'
import type { TicketView } from '../tickets/ticket-view.js'
import type { ConversationEntry } from '../tickets/tickets.js'
import { Conversation } from './conversation.js'
import { Layout } from './layout.js'
import { renderOnce } from './render-once.js'
import { StatusChip } from './status-chip.js'
import { AlsoHere } from './viewers.js'

const ClaimPanel: FC<{ view: TicketView; agent: SessionAgent }> = ({ view, agent }) => {
  const { ticket, holder } = view
  if (ticket.status === 'resolved') return <p class="claim">Resolved.</p>
  if (holder && holder.id !== agent.id) {
    return <p class="claim held">{holder.name} already has this one.</p>
  }
  if (holder) {
    return (
      <form method="post" action={`/tickets/${ticket.id}/release`} class="claim">
        <span>You have this one.</span> <button type="submit">Release</button>
      </form>
    )
  }
  return (
    <form method="post" action={`/tickets/${ticket.id}/claim`} class="claim">
      <button type="submit" class="primary" id="claim-button">
        Claim
      </button>
    </form>
  )
}

const Presence: FC<{ view: TicketView; agent: SessionAgent }> = ({ view, agent }) => (
  <div id="presence" class="presence">
    <div class="presence-row">
      <StatusChip status={view.status} />
      <AlsoHere viewers={view.viewers} selfId={agent.id} />
      {view.customerHere && <p class="customer-here">Customer is here now</p>}
    </div>
    <ClaimPanel view={view} agent={agent} />
  </div>
)

// Panels per shared ticket view (the same object until the ticket or its presence changes,
// see loadTicketView) and per agent, who is left out of "Also here" and sees their own claim
// controls.
const panels = renderOnce()

/** Who is here, the ticket's status and the claim control: what the ticket heartbeat refreshes. */
export const PresenceFragment: FC<{ view: TicketView; agent: SessionAgent }> = ({ view, agent }) =>
  panels(view, agent.id, () => <Presence view={view} agent={agent} />)

type PageProps = {
  agent: SessionAgent
  view: TicketView
  entries: ConversationEntry[]
  intervalMs: number
  draft?: string
  notice?: string
}

/** The agent's ticket page: conversation, presence, claim and the reply box. */
export const TicketPage: FC<PageProps> = ({ agent, view, entries, intervalMs, draft, notice }) => {
  const id = view.ticket.id
  return (
    <Layout title={`#${id} ${view.ticket.subject}`} agent={agent}>
      <p>
        <a href="/queue">← Queue</a>
      </p>
      <h1>
        <span class="ticket-id">#{id}</span> {view.ticket.subject}
      </h1>
      <p class="muted">
        From {view.ticket.customerName} &lt;{view.ticket.customerEmail}&gt;
      </p>
      <form
        id="heartbeat"
        hx-post={`/tickets/${id}/heartbeat`}
        hx-trigger={`load, every ${intervalMs}ms, beat-now`}
        hx-target="#presence"
        hx-swap="outerHTML"
        data-leave={`/tickets/${id}/leave`}
      >
        <input type="hidden" name="client" value="" />
        <input type="hidden" name="state" value="viewing" />
      </form>
      {notice && (
        <p class="form-error" role="alert">
          {notice}
        </p>
      )}
      <PresenceFragment view={view} agent={agent} />
      <Conversation entries={entries} customerLabel={view.ticket.customerName} />
      <form method="post" action={`/tickets/${id}/reply`} class="reply-form">
        <label for="reply-body">Reply to {view.ticket.customerName}</label>
        <textarea id="reply-body" name="body" rows={6} maxlength={20000} required>
          {draft ?? ''}
        </textarea>
        <div class="actions">
          <button type="submit" class="primary">
            Send reply
          </button>
        </div>
      </form>
      <div class="actions">
        {view.ticket.status === 'resolved' ? (
          <form method="post" action={`/tickets/${id}/reopen`} class="inline">
            <button type="submit">Reopen</button>
          </form>
        ) : (
          <form method="post" action={`/tickets/${id}/resolve`} class="inline">
            <button type="submit">Resolve</button>
          </form>
        )}
      </div>
    </Layout>
  )
}
