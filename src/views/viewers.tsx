import type { FC } from 'hono/jsx'
import type { Viewer } from '../presence/presence.js'

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('')

/** Viewers as initials, with the full name on hover and for screen readers. */
export const Avatars: FC<{ names: string[] }> = ({ names }) => (
  <span class="avatars">
    {names.map((n) => (
      <span class="avatar" title={n} aria-label={n}>
        {initials(n)}
      </span>
    ))}
  </span>
)

const stateWords: Record<Viewer['state'], string> = {
  viewing: 'viewing',
  replying: 'replying',
  away: 'away',
}

/** "Also here: Ann — replying, Ben — viewing", without the agent looking at it. */
export const AlsoHere: FC<{ viewers: Viewer[]; selfId: number }> = ({ viewers, selfId }) => {
  const others = viewers.filter((v) => v.agentId !== selfId)
  if (others.length === 0) return <p class="also-here muted">Nobody else is on this ticket.</p>
  return (
    <p class="also-here">
      Also here:{' '}
      {others.map((v, i) => (
        <>
          {i > 0 && ', '}
          <span
            class={`viewer viewer-${v.state}`}
            data-agent-id={v.agentId}
            data-name={v.name}
            data-state={v.state}
          >
            {v.name} — {stateWords[v.state]}
          </span>
        </>
      ))}
    </p>
  )
}
