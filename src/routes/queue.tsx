import { Hono } from 'hono'
import type { AppEnv } from '../http/env.js'
import { wantsJson } from '../http/respond.js'
import { requireAgent } from '../http/session.js'
import { heartbeat, viewersOf } from '../presence/presence.js'
import { queueState } from '../tickets/queue.js'
import { QueueFragment, QueuePage } from '../views/queue.js'
import { heartbeatJson, readQueueBeat, readQueueQuery } from './heartbeat-input.js'

/** The shared queue and its heartbeat. */
export const queueRoutes = new Hono<AppEnv>()

const QUEUE_PAGE = { kind: 'queue' } as const

queueRoutes.get('/queue', requireAgent({ kind: 'page', touch: true }), (c) => {
  const { db, clock, config } = c.var.deps
  const query = readQueueQuery(c)
  const queue = queueState(db, clock, config.presenceTtlMs, { ...query, agentId: c.var.agent.id })
  return c.html(
    <QueuePage
      agent={c.var.agent}
      queue={queue}
      after={query.after}
      intervalMs={config.heartbeatIntervalMs}
    />,
  )
})

queueRoutes.post('/queue/heartbeat', requireAgent({ kind: 'api', touch: false }), async (c) => {
  const { db, clock, config } = c.var.deps
  const { client, state, filter, after } = await readQueueBeat(c)
  const agent = c.var.agent
  const purged = heartbeat(db, clock, config.presenceTtlMs, {
    agentId: agent.id,
    clientId: client,
    page: QUEUE_PAGE,
    state,
  })
  c.var.deps.metrics.heartbeats.inc({ page: 'queue' })
  if (purged > 0) c.var.deps.metrics.purgedRows.inc(purged)
  const queue = queueState(db, clock, config.presenceTtlMs, { agentId: agent.id, filter, after })
  if (!wantsJson(c)) return c.html(<QueueFragment queue={queue} />)
  return c.json(
    heartbeatJson(c.var.deps, {
      selfId: agent.id,
      viewers: viewersOf(db, clock, config.presenceTtlMs, QUEUE_PAGE),
      queue,
    }),
  )
})
