import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/env.js'
import { readForm } from '../http/form.js'
import { tokenParam } from '../http/ids.js'
import { wantsJson } from '../http/respond.js'
import { customerHeartbeat, customerLeave } from '../presence/customer-presence.js'
import { fieldErrors, followUpSchema, requestSchema } from '../tickets/schemas.js'
import { conversation, createRequest, findTicketByToken } from '../tickets/tickets.js'
import { addFollowUp } from '../tickets/workflow.js'
import { CustomerThreadPage, ThreadFragment } from '../views/customer-thread.js'
import { RequestFormPage } from '../views/request-form.js'
import { readLeave } from './heartbeat-input.js'

/** What customers use: the request form and their private conversation link. */
export const publicRoutes = new Hono<AppEnv>()

/**
 * The private link is the customer's only key: it must not leak through the Referer header,
 * a shared cache or a search engine.
 */
const privateLink: MiddlewareHandler = async function privateLink(c, next) {
  await next()
  c.res.headers.set('Referrer-Policy', 'no-referrer')
  c.res.headers.set('Cache-Control', 'no-store')
  c.res.headers.set('X-Robots-Tag', 'noindex, nofollow')
}
publicRoutes.use('/requests/:token', privateLink)
publicRoutes.use('/requests/:token/*', privateLink)

publicRoutes.get('/', (c) => c.html(<RequestFormPage />))

publicRoutes.post('/requests', async (c) => {
  const { db, clock } = c.var.deps
  const values = await readForm(c)
  const parsed = requestSchema.safeParse(values)
  if (!parsed.success) {
    return c.html(<RequestFormPage values={values} errors={fieldErrors(parsed.error)} />, 422)
  }
  const ticket = createRequest(db, clock, parsed.data)
  return c.redirect(`/requests/${ticket.token}`, 303)
})

function ticketForToken(c: Context<AppEnv>) {
  const ticket = findTicketByToken(c.var.deps.db, tokenParam(c.req.param('token') ?? ''))
  if (!ticket) {
    throw new HTTPException(404, {
      message: 'We could not find this request. Check that the link is complete.',
    })
  }
  return ticket
}

publicRoutes.get('/requests/:token', (c) => {
  const ticket = ticketForToken(c)
  const entries = conversation(c.var.deps.db, ticket.id)
  return c.html(
    <CustomerThreadPage
      ticket={ticket}
      entries={entries}
      intervalMs={c.var.deps.config.heartbeatIntervalMs}
    />,
  )
})

publicRoutes.post('/requests/:token/messages', async (c) => {
  const { db, clock, config } = c.var.deps
  const ticket = ticketForToken(c)
  const values = await readForm(c)
  const parsed = followUpSchema.safeParse(values)
  if (!parsed.success) {
    return c.html(
      <CustomerThreadPage
        ticket={ticket}
        entries={conversation(db, ticket.id)}
        draft={values.message}
        errors={fieldErrors(parsed.error)}
        intervalMs={config.heartbeatIntervalMs}
      />,
      422,
    )
  }
  addFollowUp(db, clock, ticket.id, parsed.data.message)
  return c.redirect(`/requests/${ticket.token}`, 303)
})

publicRoutes.post('/requests/:token/heartbeat', async (c) => {
  const { db, clock, config } = c.var.deps
  const ticket = ticketForToken(c)
  const { client } = await readLeave(c)
  customerHeartbeat(db, clock, config.presenceTtlMs, ticket.id, client)
  const entries = conversation(db, ticket.id)
  if (!wantsJson(c)) return c.html(<ThreadFragment ticket={ticket} entries={entries} />)
  // Agents appear only by the name on their replies: who is merely looking is never shown.
  return c.json({
    serverTime: clock.now(),
    intervalMs: config.heartbeatIntervalMs,
    status: ticket.status,
    messages: entries.map((m) => ({
      from: m.agentName === null ? 'you' : m.agentName,
      body: m.body,
      createdAt: m.createdAt,
    })),
  })
})

publicRoutes.post('/requests/:token/leave', async (c) => {
  const ticket = ticketForToken(c)
  const { client } = await readLeave(c)
  customerLeave(c.var.deps.db, ticket.id, client)
  return c.body(null, 204)
})
