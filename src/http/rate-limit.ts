import type { Context, MiddlewareHandler } from 'hono'
import type { Clock } from '../clock.js'
import { clientAddress } from './client-address.js'

const WINDOW_MS = 60_000
const MAX_TRACKED = 50_000

/**
 * Fixed one-minute window per client address, in memory: one process serves the desk, so no
 * shared store is needed. `limit` 0 turns it off. Over the limit, `onLimit` renders the answer.
 */
export function rateLimit(
  limit: number,
  clock: Clock,
  trustProxy: boolean,
  onLimit: (c: Context, retryAfterSeconds: number) => Response | Promise<Response>,
): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>()
  return async function rateLimit(c, next) {
    if (limit === 0 || c.req.method !== 'POST') return next()
    const now = clock.now()
    const key = clientAddress(c, trustProxy)
    let w = windows.get(key)
    if (!w || now - w.start >= WINDOW_MS) {
      if (windows.size >= MAX_TRACKED) windows.clear()
      w = { start: now, count: 0 }
      windows.set(key, w)
    }
    if (++w.count > limit) {
      const retry = Math.ceil((w.start + WINDOW_MS - now) / 1000)
      c.header('Retry-After', String(retry))
      return onLimit(c, retry)
    }
    await next()
  }
}
