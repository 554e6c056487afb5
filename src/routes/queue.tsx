import { Hono } from 'hono'
import type { AppEnv } from '../http/env.js'
import { wantsJson } from '../http/respond.js'
import { requireAgent } from '../http/session.js'
import { heartbeat, viewersOf } from '../presence/presence.js'
import { queueState } from '../tickets/queue.js'
import { QueueFragment, QueuePage } from '../views/queue.js'
import { heartbeatJson, readBeat } from './heartbeat-input.js'

/** The shared queue and its heartbeat. */
export const queueRoutes = new Hono<AppEnv>()

queueRoutes.get('/queue', requireAgent({ kind: 'page', touch: true }), (c) => {
  const { db, clock, config } = c.var.deps
  const queue = queueState(db, clock, config.presenceTtlMs)
  return c.html(
    <QueuePage agent={c.var.agent} queue={queue} intervalMs={config.heartbeatIntervalMs} />,
  )
})

queueRoutes.post('/queue/heartbeat', requireAgent({ kind: 'api', touch: false }), async (c) => {
  const { db, clock, config } = c.var.deps
  const beat = await readBeat(c)
  const agent = c.var.agent
  const page = { kind: 'queue' } as const
  heartbeat(db, clock, config.presenceTtlMs, {
    ...beat,
    clientId: beat.client,
    agentId: agent.id,
    page,
  })
  const queue = queueState(db, clock, config.presenceTtlMs)
  if (!wantsJson(c)) return c.html(<QueueFragment queue={queue} />)
  return c.json(
    heartbeatJson({
      now: clock.now(),
      intervalMs: config.heartbeatIntervalMs,
      ttlMs: config.presenceTtlMs,
      selfId: agent.id,
      viewers: viewersOf(db, clock, config.presenceTtlMs, page),
      queue,
    }),
  )
})
