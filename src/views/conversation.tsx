import type { FC } from 'hono/jsx'
import type { ConversationEntry } from '../tickets/tickets.js'

const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'

/** The messages of a ticket in order. `customerLabel` names the customer's side. */
export const Conversation: FC<{ entries: ConversationEntry[]; customerLabel: string }> = ({
  entries,
  customerLabel,
}) => (
  <ol class="conversation">
    {entries.map((m) => (
      <li class={m.agentName === null ? 'message from-customer' : 'message from-agent'}>
        <div class="message-meta">
          <strong>{m.agentName ?? customerLabel}</strong>
          <time datetime={new Date(m.createdAt).toISOString()}>{time(m.createdAt)}</time>
        </div>
        <div class="message-body">{m.body}</div>
      </li>
    ))}
  </ol>
)
