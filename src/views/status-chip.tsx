import type { FC } from 'hono/jsx'
import type { QueueStatus } from '../tickets/queue.js'

const labels: Record<QueueStatus, string> = {
  available: 'Available',
  viewing: 'Someone viewing',
  claimed: 'Claimed',
  waiting: 'Waiting on customer',
  resolved: 'Resolved',
}

/** A status shown with colour and words, so it never depends on colour alone. */
export const StatusChip: FC<{ status: QueueStatus }> = ({ status }) => (
  <span class={`chip chip-${status}`} data-status={status}>
    {labels[status]}
  </span>
)
