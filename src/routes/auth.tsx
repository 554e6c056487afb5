import { timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { addAgent, authenticate, countAgents, DuplicateEmailError } from '../agents/agents.js'
import { endSession, findSession, purgeIdleSessions, startSession } from '../agents/sessions.js'
import type { AppEnv } from '../http/env.js'
import { formObject, readForm } from '../http/form.js'
import { clearSessionCookie, sessionCookieName, setSessionCookie } from '../http/session.js'
import { fieldErrors } from '../tickets/schemas.js'
import { LoginPage, SetupPage } from '../views/auth.js'

const loginSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
})

const setupSchema = z.object({
  name: z.string().trim().min(1, { error: 'Your name is required.' }).max(100),
  email: z.email({ error: 'Enter a valid email address.' }).max(254),
  password: z
    .string()
    .min(12, { error: 'Use at least 12 characters.' })
    .max(1024, { error: 'That password is too long.' }),
})

/** Sign-in, sign-out and the one-time first-run setup. */
export const authRoutes = new Hono<AppEnv>()

authRoutes.get('/login', (c) => c.html(<LoginPage />))

authRoutes.post('/login', async (c) => {
  const { db, clock, config } = c.var.deps
  const values = formObject(await readForm(c))
  const parsed = loginSchema.safeParse(values)
  const agent = parsed.success
    ? await authenticate(db, parsed.data.email, parsed.data.password)
    : undefined
  if (!agent) {
    return c.html(<LoginPage email={values.email} error="Wrong email or password." />, 401)
  }
  purgeIdleSessions(db, clock, config.sessionIdleMs)
  setSessionCookie(c, startSession(db, clock, agent.id))
  return c.redirect('/queue', 303)
})

authRoutes.post('/logout', (c) => {
  const { db, clock, config } = c.var.deps
  const token = getCookie(c, sessionCookieName(c))
  const session = token ? findSession(db, clock, token, config.sessionIdleMs, false) : undefined
  if (session) endSession(db, session.sessionId)
  clearSessionCookie(c)
  return c.redirect('/login', 303)
})

/** The setup link works only while no agent exists and only with the token printed at start. */
function checkSetupToken(c: { var: AppEnv['Variables'] }, given: string): void {
  const expected = c.var.deps.setupToken
  const ok =
    expected !== undefined &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected)) &&
    countAgents(c.var.deps.db) === 0
  if (!ok) throw new HTTPException(404, { message: 'This setup link is not valid (any more).' })
}

authRoutes.get('/setup/:token', (c) => {
  checkSetupToken(c, c.req.param('token'))
  return c.html(<SetupPage action={c.req.path} />)
})

authRoutes.post('/setup/:token', async (c) => {
  const { db, clock } = c.var.deps
  checkSetupToken(c, c.req.param('token'))
  const values = formObject(await readForm(c))
  const parsed = setupSchema.safeParse(values)
  if (!parsed.success) {
    const error = Object.values(fieldErrors(parsed.error)).join(' ')
    return c.html(<SetupPage action={c.req.path} values={values} error={error} />, 422)
  }
  try {
    const agent = await addAgent(db, clock, parsed.data)
    setSessionCookie(c, startSession(db, clock, agent.id))
  } catch (err) {
    if (err instanceof DuplicateEmailError) throw new HTTPException(409, { message: err.message })
    throw err
  }
  return c.redirect('/queue', 303)
})
