import type { Context, MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Logger } from '../log.js'
import type { AppEnv } from './env.js'
import type { Metrics } from './metrics.js'

// Polls and assets are most of the traffic and say nothing new: logged at debug only.
const QUIET = /\/(heartbeat|leave)$|^\/public\/|^\/(healthz|metrics)$/

/** The route pattern that answered (`/requests/:token`): a label that never carries a token. */
export function routeOf(c: Context): string {
  const route = routePath(c, -1)
  return route === '*' || route === '/*' ? 'unmatched' : route
}

/** Times every request into the latency histogram and writes one structured log line for it. */
export function observe(log: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async function observe(c, next) {
    const start = performance.now()
    await next()
    const seconds = (performance.now() - start) / 1000
    const route = routeOf(c)
    const status = c.res.status
    metrics.httpDuration.observe({ method: c.req.method, route, status }, seconds)
    const line = {
      reqId: c.get('requestId'),
      method: c.req.method,
      route,
      status,
      ms: Math.round(seconds * 100_000) / 100,
    }
    if (QUIET.test(route) && status < 400) log.debug(line, 'request')
    else log.info(line, 'request')
  }
}
