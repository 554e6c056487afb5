import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import type { Metrics } from './metrics.js'
import type { Db } from '../db/client.js'
import type { LoginThrottle } from '../agents/login-throttle.js'
import type { SessionAgent } from '../agents/sessions.js'

/** What every route can reach through `c.var`: its dependencies, and the signed-in agent. */
export type Deps = {
  db: Db
  clock: Clock
  config: Config
  setupToken?: string | undefined
  loginThrottle: LoginThrottle
  /** Key that signs the device cookie of browsers that have signed in before. */
  deviceSecret: string
  log: Logger
  metrics: Metrics
}

export type AppEnv = {
  /** `body`: a chunked request body, already read within the size limit (see body-limit.ts). */
  Variables: { deps: Deps; agent: SessionAgent; body?: Uint8Array; requestId: string }
}
