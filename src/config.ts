import { z } from 'zod'
import { LOG_LEVELS, type LogLevel } from './log.js'

const millis = (fallback: number) =>
  z.coerce.number().int().min(100).max(3_600_000).default(fallback)

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/heartdesk.sqlite'),
  HEARTBEAT_INTERVAL_MS: millis(10_000),
  PRESENCE_TTL_MS: millis(15_000),
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(20),
  /** Idle time after which a session ends; heartbeats alone do not count as activity. */
  SESSION_IDLE_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(12 * 60 * 60 * 1000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Behind a reverse proxy, take the client address from the last X-Forwarded-For entry. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(false),
  /** Absolute lifetime of a session, however active: the agent signs in again after it. */
  SESSION_MAX_AGE_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(7 * 24 * 60 * 60 * 1000),
  /**
   * The origin users reach the app at, e.g. https://desk.example.com. Set it behind a
   * reverse proxy: it turns on Secure `__Host-` cookies and is the origin state-changing
   * requests must come from. Unset, the request's own origin is used (plain http on localhost).
   */
  PUBLIC_ORIGIN: z
    .url({ protocol: /^https?$/ })
    .transform((u) => new URL(u).origin)
    .optional(),
})

export type Config = {
  port: number
  host: string
  databasePath: string
  heartbeatIntervalMs: number
  presenceTtlMs: number
  publicRateLimit: number
  sessionIdleMs: number
  sessionMaxAgeMs: number
  publicOrigin: string | undefined
  trustProxy: boolean
  logLevel: LogLevel
}

/** Defaults from SPEC.md; tests start from these and override what they need. */
export const defaultConfig: Config = loadConfig({})

/** Reads the environment once at boot; a bad value throws with every problem named. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  )
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    heartbeatIntervalMs: e.HEARTBEAT_INTERVAL_MS,
    presenceTtlMs: e.PRESENCE_TTL_MS,
    publicRateLimit: e.PUBLIC_RATE_LIMIT,
    sessionIdleMs: e.SESSION_IDLE_MS,
    sessionMaxAgeMs: e.SESSION_MAX_AGE_MS,
    publicOrigin: e.PUBLIC_ORIGIN,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
  }
}
