import { timingSafeEqual } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { getCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { addFirstAgent, authenticate, countAgents, normalizeEmail } from '../agents/agents.js'
import {
  endAllSessions,
  findSession,
  purgeExpiredSessions,
  startSession,
} from '../agents/sessions.js'
import { clientAddress } from '../http/client-address.js'
import type { AppEnv } from '../http/env.js'
import { readForm } from '../http/form.js'
import {
  clearSessionCookie,
  sessionCookieName,
  sessionLimits,
  setSessionCookie,
} from '../http/session.js'
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

const DEVICE_COOKIE = 'heartdesk_device'
const YEAR_SECONDS = 365 * 24 * 60 * 60

/** Sign-in, sign-out and the one-time first-run setup. */
export const authRoutes = new Hono<AppEnv>()

authRoutes.get('/login', (c) => c.html(<LoginPage />))

authRoutes.post('/login', async (c) => {
  const { db, clock, config, loginThrottle, deviceSecret } = c.var.deps
  const values = await readForm(c)
  const parsed = loginSchema.safeParse(values)
  const email = normalizeEmail(values.email ?? '')
  const device = await getSignedCookie(c, deviceSecret, DEVICE_COOKIE)
  const keys = loginThrottle.keys(clientAddress(c, config.trustProxy), email, device === email)
  const wait = loginThrottle.retryAfter(keys)
  if (wait > 0) {
    c.header('Retry-After', String(wait))
    const error = `Too many sign-in attempts. Try again in ${wait} seconds.`
    return c.html(<LoginPage email={values.email} error={error} />, 429)
  }
  const agent = parsed.success
    ? await authenticate(db, parsed.data.email, parsed.data.password)
    : undefined
  if (!agent) {
    loginThrottle.failed(keys)
    return c.html(<LoginPage email={values.email} error="Wrong email or password." />, 401)
  }
  loginThrottle.succeeded(keys)
  purgeExpiredSessions(db, clock, sessionLimits(config))
  setSessionCookie(c, startSession(db, clock, agent.id))
  await setSignedCookie(c, DEVICE_COOKIE, agent.email, deviceSecret, {
    path: '/login',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.config.publicOrigin?.startsWith('https:') ?? false,
    maxAge: YEAR_SECONDS,
  })
  return c.redirect('/queue', 303)
})

authRoutes.post('/logout', (c) => {
  const { db, clock, config } = c.var.deps
  const token = getCookie(c, sessionCookieName(c))
  const session = token ? findSession(db, clock, token, sessionLimits(config)) : undefined
  if (session) endAllSessions(db, session.id)
  clearSessionCookie(c)
  return c.redirect('/login', 303)
})

/** The setup link works only while no agent exists and only with the token printed at start. */
function checkSetupToken(c: Context<AppEnv>): void {
  const given = c.req.param('token') ?? ''
  const expected = c.var.deps.setupToken
  const ok =
    expected !== undefined &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected)) &&
    countAgents(c.var.deps.db) === 0
  if (!ok) throw new HTTPException(404, { message: 'This setup link is not valid (any more).' })
}

authRoutes.get('/setup/:token', (c) => {
  checkSetupToken(c)
  return c.html(<SetupPage action={c.req.path} />)
})

authRoutes.post('/setup/:token', async (c) => {
  const { db, clock } = c.var.deps
  checkSetupToken(c)
  const values = await readForm(c)
  const parsed = setupSchema.safeParse(values)
  if (!parsed.success) {
    const error = Object.values(fieldErrors(parsed.error)).join(' ')
    return c.html(<SetupPage action={c.req.path} values={values} error={error} />, 422)
  }
  const agent = await addFirstAgent(db, clock, parsed.data)
  if (!agent) throw new HTTPException(404, { message: 'This setup link is not valid (any more).' })
  setSessionCookie(c, startSession(db, clock, agent.id))
  return c.redirect('/queue', 303)
})
