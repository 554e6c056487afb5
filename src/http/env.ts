import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Db } from '../db/client.js'
import type { SessionAgent } from '../agents/sessions.js'

/** What every route can reach through `c.var`: its dependencies, and the signed-in agent. */
export type Deps = { db: Db; clock: Clock; config: Config; setupToken?: string | undefined }

export type AppEnv = {
  Variables: { deps: Deps; agent: SessionAgent }
}
