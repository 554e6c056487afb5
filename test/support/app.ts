import { afterEach } from 'vitest'
import { createApp } from '../../src/app.js'
import { startSession } from '../../src/agents/sessions.js'
import { defaultConfig, type Config } from '../../src/config.js'
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js'
import { createLogger, type Logger } from '../../src/log.js'
import { createAgent } from '../factories.js'
import { FakeClock } from './clock.js'

export const ORIGIN = 'http://localhost'

const open: Db[] = []
afterEach(() => {
  for (const db of open.splice(0)) closeDatabase(db)
})

/** A fresh app on a private in-memory database with a hand-driven clock. */
export function testApp(overrides: Partial<Config> & { setupToken?: string; log?: Logger } = {}) {
  const { setupToken, log, ...configOverrides } = overrides
  const db = openDatabase(':memory:')
  open.push(db)
  const clock = new FakeClock()
  const config: Config = { ...defaultConfig, publicRateLimit: 0, ...configOverrides }
  const app = createApp({
    db,
    clock,
    config,
    log: log ?? createLogger('silent'),
    ...(setupToken && { setupToken }),
  })

  /** Creates an agent with a live session; returns it with the cookie header to send. */
  async function signIn(name: string) {
    const agent = await createAgent(db, clock, { name })
    const token = startSession(db, clock, agent.id)
    return { agent, cookie: `heartdesk=${token}` }
  }

  /** A same-origin form post, as a browser would send it. */
  async function post(
    path: string,
    fields: Record<string, string> = {},
    opts: { cookie?: string; headers?: Record<string, string> } = {},
  ) {
    return app.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: {
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
        ...(opts.cookie && { cookie: opts.cookie }),
        ...opts.headers,
      },
    })
  }

  async function get(
    path: string,
    opts: { cookie?: string; headers?: Record<string, string> } = {},
  ) {
    return app.request(path, {
      headers: { ...(opts.cookie && { cookie: opts.cookie }), ...opts.headers },
    })
  }

  return { app, db, clock, config, signIn, post, get }
}

export type TestApp = ReturnType<typeof testApp>
