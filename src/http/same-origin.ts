import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuses state-changing requests that do not come from our own origin (CSRF). Unlike Hono's
 * `csrf()`, it checks every unsafe request whatever its Content-Type: our body-less posts
 * (claim, release) would otherwise pass when sent with no Content-Type at all.
 * Browsers send `Origin` on every POST, but send `Origin: null` from a page whose
 * Referrer-Policy is no-referrer (the customer's private page): then the browser-set
 * `Sec-Fetch-Site: same-origin` decides, which no other site can forge.
 */
export function sameOrigin(publicOrigin: string | undefined): MiddlewareHandler {
  return async function sameOrigin(c, next) {
    if (!SAFE.has(c.req.method)) {
      const expected = publicOrigin ?? new URL(c.req.url).origin
      const origin = c.req.header('origin')
      const site = c.req.header('sec-fetch-site')
      const ok =
        origin === expected ||
        ((origin === undefined || origin === 'null') && site === 'same-origin')
      if (!ok) throw new HTTPException(403, { message: 'Cross-origin request refused.' })
    }
    await next()
  }
}
