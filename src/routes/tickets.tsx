import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/env.js'
import { bestEffort } from '../http/best-effort.js'
import { readForm } from '../http/form.js'
import { ticketIdParam } from '../http/ids.js'
import { wantsJson } from '../http/respond.js'
import { requireAgent } from '../http/session.js'
import { heartbeat, leave } from '../presence/presence.js'
import { queueState } from '../tickets/queue.js'
import { fieldErrors, replySchema } from '../tickets/schemas.js'
import { markRead } from '../tickets/read-marks.js'
import { loadTicketView } from '../tickets/ticket-view.js'
import { claimTicket, conversation, releaseTicket, type ClaimResult } from '../tickets/tickets.js'
import { replyAsAgent, setStatus, type ActionResult } from '../tickets/workflow.js'
import { ErrorPage } from '../views/error-page.js'
import { PresenceFragment, TicketPage } from '../views/ticket.js'
import { heartbeatJson, readBeat, readLeave } from './heartbeat-input.js'

/** An agent's view of one ticket: presence, claim, reply and status changes. */
export const ticketRoutes = new Hono<AppEnv>()

const page = requireAgent({ kind: 'page', touch: true })
const api = requireAgent({ kind: 'api', touch: false })
const action = requireAgent({ kind: 'api', touch: true })

function viewOr404(c: Context<AppEnv>, id: number) {
  const { db, clock, config } = c.var.deps
  const view = loadTicketView(db, clock, config.presenceTtlMs, id)
  if (!view) throw new HTTPException(404, { message: `There is no ticket #${id}.` })
  return view
}

function renderTicket(
  c: Context<AppEnv>,
  id: number,
  extra: { draft?: string; notice?: string } = {},
) {
  const { db, config } = c.var.deps
  return (
    <TicketPage
      agent={c.var.agent}
      view={viewOr404(c, id)}
      entries={conversation(db, id)}
      intervalMs={config.heartbeatIntervalMs}
      {...extra}
    />
  )
}

ticketRoutes.get('/tickets/:id', page, (c) => {
  const id = ticketIdParam(c.req.param('id'))
  const html = renderTicket(c, id)
  bestEffort(c, 'read mark', () => markRead(c.var.deps.db, c.var.deps.clock, id, c.var.agent.id))
  return c.html(html)
})

ticketRoutes.post('/tickets/:id/heartbeat', api, async (c) => {
  const { db, clock, config } = c.var.deps
  const id = ticketIdParam(c.req.param('id'))
  const { client, state } = await readBeat(c)
  viewOr404(c, id) // an unknown ticket is a 404 before anything is written
  const agent = c.var.agent
  const purged = heartbeat(db, clock, config.presenceTtlMs, {
    agentId: agent.id,
    clientId: client,
    page: { kind: 'ticket', ticketId: id },
    state,
  })
  c.var.deps.metrics.heartbeats.inc({ page: 'ticket' })
  if (purged > 0) c.var.deps.metrics.purgedRows.inc(purged)
  const view = viewOr404(c, id)
  if (!wantsJson(c)) return c.html(<PresenceFragment view={view} agent={agent} />)
  return c.json(
    heartbeatJson(c.var.deps, {
      selfId: agent.id,
      viewers: view.viewers,
      ticket: view,
      queue: queueState(db, clock, config.presenceTtlMs, { agentId: agent.id, filter: 'open' }),
    }),
  )
})

ticketRoutes.post('/tickets/:id/leave', api, async (c) => {
  const id = ticketIdParam(c.req.param('id'))
  const { client } = await readLeave(c)
  leave(c.var.deps.db, c.var.agent.id, client, { kind: 'ticket', ticketId: id })
  return c.body(null, 204)
})

type Refusal = Exclude<ActionResult | ClaimResult, { ok: true }>

/** Answers a refused action: 404, or 409 naming the holder (or saying the ticket is resolved). */
function refused(c: Context<AppEnv>, id: number, result: Refusal) {
  if (result.reason === 'not-found')
    throw new HTTPException(404, { message: `There is no ticket #${id}.` })
  if (result.reason === 'resolved') {
    throw new HTTPException(409, { message: 'This ticket is resolved; reopen it first.' })
  }
  const message = `${result.holder.name} already has this one.`
  if (wantsJson(c)) return c.json({ error: message, holder: result.holder }, 409)
  return c.html(<ErrorPage status={409} message={message} back={`/tickets/${id}`} />, 409)
}

ticketRoutes.post('/tickets/:id/claim', action, (c) => {
  const { db, clock } = c.var.deps
  const id = ticketIdParam(c.req.param('id'))
  const result = claimTicket(db, clock, id, c.var.agent.id)
  c.var.deps.metrics.claims.inc({ outcome: result.ok ? 'won' : result.reason })
  if (result.ok) return c.redirect(`/tickets/${id}`, 303)
  return refused(c, id, result)
})

ticketRoutes.post('/tickets/:id/release', action, (c) => {
  const { db, clock } = c.var.deps
  const id = ticketIdParam(c.req.param('id'))
  const result = releaseTicket(db, clock, id, c.var.agent.id)
  if (result.ok) return c.redirect(`/tickets/${id}`, 303)
  return refused(c, id, result)
})

ticketRoutes.post('/tickets/:id/reply', action, async (c) => {
  const { db, clock } = c.var.deps
  const id = ticketIdParam(c.req.param('id'))
  const values = await readForm(c)
  viewOr404(c, id)
  const parsed = replySchema.safeParse(values)
  if (!parsed.success) {
    const notice = Object.values(fieldErrors(parsed.error)).join(' ')
    return c.html(renderTicket(c, id, { draft: values.body, notice }), 422)
  }
  const result = replyAsAgent(db, clock, id, c.var.agent.id, parsed.data.body)
  if (result.ok) return c.redirect(`/tickets/${id}`, 303)
  if (result.reason === 'not-found') return refused(c, id, result)
  // The agent's text is kept in the box: losing a long reply to a race would be cruel.
  const notice = `${result.holder.name} already has this one. Your reply was not sent; it is kept below.`
  return c.html(renderTicket(c, id, { draft: values.body, notice }), 409)
})

for (const [verb, status] of [
  ['resolve', 'resolved'],
  ['reopen', 'open'],
] as const) {
  ticketRoutes.post(`/tickets/:id/${verb}`, action, (c) => {
    const { db, clock } = c.var.deps
    const id = ticketIdParam(c.req.param('id'))
    const result = setStatus(db, clock, id, c.var.agent.id, status)
    if (result.ok) return c.redirect(`/tickets/${id}`, 303)
    return refused(c, id, result)
  })
}
