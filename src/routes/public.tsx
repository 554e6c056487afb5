import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/env.js'
import { formObject, readForm } from '../http/form.js'
import { tokenParam } from '../http/ids.js'
import { fieldErrors, followUpSchema, requestSchema } from '../tickets/schemas.js'
import { conversation, createRequest, findTicketByToken } from '../tickets/tickets.js'
import { addFollowUp } from '../tickets/workflow.js'
import { CustomerThreadPage } from '../views/customer-thread.js'
import { RequestFormPage } from '../views/request-form.js'

/** What customers use: the request form and their private conversation link. */
export const publicRoutes = new Hono<AppEnv>()

publicRoutes.get('/', (c) => c.html(<RequestFormPage />))

publicRoutes.post('/requests', async (c) => {
  const { db, clock } = c.var.deps
  const values = formObject(await readForm(c))
  const parsed = requestSchema.safeParse(values)
  if (!parsed.success) {
    return c.html(<RequestFormPage values={values} errors={fieldErrors(parsed.error)} />, 422)
  }
  const ticket = createRequest(db, clock, parsed.data)
  return c.redirect(`/requests/${ticket.token}`, 303)
})

function ticketForToken(c: { var: AppEnv['Variables'] }, raw: string) {
  const ticket = findTicketByToken(c.var.deps.db, tokenParam(raw))
  if (!ticket) throw new HTTPException(404, { message: 'No such request. Check the link.' })
  return ticket
}

publicRoutes.get('/requests/:token', (c) => {
  const ticket = ticketForToken(c, c.req.param('token'))
  const entries = conversation(c.var.deps.db, ticket.id)
  return c.html(<CustomerThreadPage ticket={ticket} entries={entries} />)
})

publicRoutes.post('/requests/:token/messages', async (c) => {
  const { db, clock } = c.var.deps
  const ticket = ticketForToken(c, c.req.param('token'))
  const values = formObject(await readForm(c))
  const parsed = followUpSchema.safeParse(values)
  if (!parsed.success) {
    const entries = conversation(db, ticket.id)
    return c.html(
      <CustomerThreadPage
        ticket={ticket}
        entries={entries}
        draft={values.message}
        errors={fieldErrors(parsed.error)}
      />,
      422,
    )
  }
  addFollowUp(db, clock, ticket.id, parsed.data.message)
  return c.redirect(`/requests/${ticket.token}`, 303)
})
