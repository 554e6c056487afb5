import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { secureHeaders } from 'hono/secure-headers'
import { LoginThrottle } from './agents/login-throttle.js'
import { serverSecret } from './agents/secrets.js'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Db } from './db/client.js'
import type { AppEnv } from './http/env.js'
import { limitBody } from './http/body-limit.js'
import { databaseFault } from './http/faults.js'
import { createMetrics } from './http/metrics.js'
import { observe, routeOf } from './http/observe.js'
import { createLogger, type Logger } from './log.js'
import { checkDatabase } from './db/client.js'
import { countLiveTabs } from './presence/presence.js'
import { rateLimit } from './http/rate-limit.js'
import { wantsJson } from './http/respond.js'
import { sameOrigin } from './http/same-origin.js'
import { authRoutes } from './routes/auth.js'
import { publicRoutes } from './routes/public.js'
import { queueRoutes } from './routes/queue.js'
import { ticketRoutes } from './routes/tickets.js'
import { ErrorPage } from './views/error-page.js'

export type AppOptions = {
  db: Db
  clock: Clock
  config: Config
  setupToken?: string
  /** Where logs go; by default JSON lines on stdout at config.logLevel. */
  log?: Logger
}

/** A message is at most 20,000 characters; percent-encoding can triple its bytes. */
export const MAX_BODY_BYTES = 128 * 1024

// One level up from src/app.tsx and from the built dist/server.js alike.
const publicDir = resolve(dirname(fileURLToPath(import.meta.url)), '../public')
const htmxFile = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js')

/** Builds the whole application around its database, clock and config. It never listens. */
export function createApp({ db, clock, config, setupToken, log: givenLog }: AppOptions) {
  const app = new Hono<AppEnv>()
  const log = givenLog ?? createLogger(config.logLevel)
  const loginThrottle = new LoginThrottle(clock)
  const deviceSecret = serverSecret(db, 'device-cookie')
  const metrics = createMetrics(() => countLiveTabs(db, clock, config.presenceTtlMs))

  app.use(requestId())
  app.use(observe(log, metrics))
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      // Set below instead: customer links need a stricter policy than the rest.
      referrerPolicy: false,
    }),
  )
  app.use(async function provideDeps(c, next) {
    c.set('deps', { db, clock, config, setupToken, loginThrottle, deviceSecret, log, metrics })
    await next()
    // Never a Referer to other sites. Not no-referrer everywhere: browsers then send
    // `Origin: null` on our own form posts (customer pages do that; see same-origin.ts).
    // Set on c.res.headers, not with c.header(): after next() that would rebuild the response,
    // and @hono/node-server would then materialise a full WHATWG Response (see body-limit.ts).
    if (!c.res.headers.has('Referrer-Policy')) c.res.headers.set('Referrer-Policy', 'same-origin')
  })
  app.use(sameOrigin(config.publicOrigin))
  app.use(limitBody(MAX_BODY_BYTES))
  const publicPosts = rateLimit(config.publicRateLimit, clock, config.trustProxy, (c, retry) =>
    c.html(
      <ErrorPage
        status={429}
        message={`You have sent a lot of messages in a short time. Please try again in ${retry} seconds.`}
      />,
      429,
    ),
  )
  app.use('/requests', publicPosts)
  app.use('/requests/:token/messages', publicPosts)

  app.get('/public/htmx.min.js', serveStatic({ path: htmxFile }))
  app.use(
    '/public/*',
    serveStatic({ root: publicDir, rewriteRequestPath: (p) => p.replace(/^\/public/, '') }),
  )
  app.get('/healthz', (c) => {
    // A real read: a server whose database is gone is not healthy, however fast it answers.
    checkDatabase(db)
    return c.json({ ok: true })
  })
  // Counts only, no customer data; still, keep it off the public internet (see README).
  app.get('/metrics', async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
  )

  app.route('/', publicRoutes)
  app.route('/', authRoutes)
  app.route('/', queueRoutes)
  app.route('/', ticketRoutes)

  app.notFound((c) => {
    if (wantsJson(c)) return c.json({ error: 'Not found.' }, 404)
    return c.html(<ErrorPage status={404} message="There is nothing at this address." />, 404)
  })

  app.onError((err, c) => {
    const route = routeOf(c)
    const reqId = c.get('requestId')
    const fault = databaseFault(err)
    let status: ContentfulStatusCode
    let message: string
    if (err instanceof HTTPException) {
      status = err.status as ContentfulStatusCode
      message = err.message
    } else if (fault) {
      // The disk, not the request: say so, change nothing, and let the client retry.
      metrics.dbErrors.inc({ code: fault.code })
      log.error({ reqId, route, code: fault.code, err: (err as Error).message }, 'database fault')
      c.header('Retry-After', '5')
      status = 503
      message = `Heartdesk cannot save right now: ${fault.reason}. Nothing was changed; please try again in a moment.`
    } else {
      log.error({ reqId, route, err }, 'unhandled error')
      status = 500
      message = 'Something went wrong on our side. Please try again.'
    }
    if (wantsJson(c) || c.req.header('hx-request')) return c.json({ error: message }, status)
    return c.html(<ErrorPage status={status} message={message} />, status)
  })

  return app
}

export type App = ReturnType<typeof createApp>
