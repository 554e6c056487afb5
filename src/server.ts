import { randomBytes } from 'node:crypto'
import { serve } from '@hono/node-server'
import { countAgents } from './agents/agents.js'
import { createApp } from './app.js'
import { systemClock } from './clock.js'
import { loadConfig, type Config } from './config.js'
import { closeDatabase, openDatabase } from './db/client.js'
import { serverOptions } from './http/server-options.js'
import { createLogger } from './log.js'

let config: Config
try {
  config = loadConfig(process.env)
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}

const log = createLogger(config.logLevel)
const db = openDatabase(config.databasePath)
// A fresh desk has no agents and no default password: print a one-time link that creates the first.
const setupToken = countAgents(db) === 0 ? randomBytes(24).toString('base64url') : undefined
const app = createApp({ db, clock: systemClock, config, log, ...(setupToken && { setupToken }) })

const server = serve(
  { fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: serverOptions() },
  (info) => {
    const host = info.address === '::' || info.address === '0.0.0.0' ? 'localhost' : info.address
    const base = config.publicOrigin ?? `http://${host}:${info.port}`
    log.info({ port: info.port, database: config.databasePath }, 'serving')
    // The operator reads these lines, so they are plain text rather than JSON.
    console.log(`Heartdesk is serving ${base} (database: ${config.databasePath})`)
    if (setupToken) {
      console.log(`No agents yet. Open this one-time link to create the first one and sign in:`)
      console.log(`  ${base}/setup/${setupToken}`)
      console.log(`Or add one from a shell: npm run agent -- add --email E --name N --password P`)
    } else {
      console.log(`Agents sign in at ${base}/login`)
    }
  },
)

// A bug in one request must not take the desk down: log it and keep serving.
process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'))
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'))

let stopping = false
/**
 * Graceful stop: refuse new connections, let in-flight requests finish, fold the WAL back into
 * the database file and close it. Anything still running after 10 s is cut off.
 */
function stop(signal: string) {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'stopping: finishing in-flight requests')
  const force = setTimeout(() => {
    log.error('in-flight requests did not finish within 10 s; exiting anyway')
    closeDatabase(db)
    process.exit(1)
  }, 10_000)
  force.unref()
  server.close(() => {
    closeDatabase(db)
    log.info('stopped cleanly')
    process.exit(0)
  })
  // Idle keep-alive connections would otherwise hold close() open until they time out.
  if ('closeIdleConnections' in server) server.closeIdleConnections()
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
