import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import { findSession, touchSession } from '../agents/sessions.js'
import { bestEffort } from './best-effort.js'
import type { Config } from '../config.js'
import type { AppEnv } from './env.js'

/** `__Host-` binds the cookie to our exact origin, but browsers only accept it over https. */
export function sessionCookieName(c: Context<AppEnv>): string {
  return isSecure(c) ? '__Host-heartdesk' : 'heartdesk'
}

function isSecure(c: Context<AppEnv>): boolean {
  const origin = c.var.deps.config.publicOrigin ?? new URL(c.req.url).origin
  return origin.startsWith('https:')
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, sessionCookieName(c), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecure(c),
  })
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: isSecure(c) })
}

export const sessionLimits = (config: Config) => ({
  idleMs: config.sessionIdleMs,
  maxAgeMs: config.sessionMaxAgeMs,
})

type Mode = {
  /** Pages redirect to the login form; heartbeats and other calls answer 401. */
  kind: 'page' | 'api'
  /** Whether this request counts as activity that keeps the session alive. */
  touch: boolean
}

/** Puts the signed-in agent in `c.var.agent`, from the session cookie and nothing else. */
export function requireAgent(mode: Mode): MiddlewareHandler<AppEnv> {
  return async function requireAgent(c, next) {
    const { db, clock, config } = c.var.deps
    const token = getCookie(c, sessionCookieName(c))
    const agent = token ? findSession(db, clock, token, sessionLimits(config)) : undefined
    if (!agent) {
      if (mode.kind === 'page') return c.redirect('/login', 303)
      throw new HTTPException(401, { message: 'Sign in first.' })
    }
    c.set('agent', agent)
    if (mode.touch && token) bestEffort(c, 'session touch', () => touchSession(db, clock, token))
    await next()
    // Agent pages and answers hold customer data: no shared or back-button cache keeps them.
    c.res.headers.set('Cache-Control', 'no-store')
  }
}
