import { randomBytes } from 'node:crypto'
import { serve } from '@hono/node-server'
import { countAgents } from './agents/agents.js'
import { createApp } from './app.js'
import { systemClock } from './clock.js'
import { loadConfig, type Config } from './config.js'
import { closeDatabase, openDatabase } from './db/client.js'
import { serverOptions } from './http/server-options.js'

let config: Config
try {
  config = loadConfig(process.env)
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}

const db = openDatabase(config.databasePath)
// A fresh desk has no agents and no default password: print a one-time link that creates the first.
const setupToken = countAgents(db) === 0 ? randomBytes(24).toString('base64url') : undefined
const app = createApp({ db, clock: systemClock, config, ...(setupToken && { setupToken }) })

const server = serve(
  { fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: serverOptions() },
  (info) => {
    const base =
      config.publicOrigin ??
      `http://${info.address === '::' ? 'localhost' : info.address}:${info.port}`
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

let stopping = false
function stop(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal} received: finishing in-flight requests`)
  const force = setTimeout(() => process.exit(1), 10_000)
  force.unref()
  server.close(() => {
    closeDatabase(db)
    process.exit(0)
  })
  // Idle keep-alive sockets would hold close() open until they time out.
  if ('closeIdleConnections' in server) server.closeIdleConnections()
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
