import type { Db } from '../db/client.js'
import { statement } from '../db/statements.js'

/** A session row as findSession needs it. */
export type SessionRow = {
  id: number
  name: string
  email: string
  disabledAt: number | null
  lastActiveAt: number
  createdAt: number
}

type Cache = { dataVersion: number; byToken: Map<string, SessionRow & { sessionId: string }> }

const caches = new WeakMap<Db, Cache>()
const MAX_ENTRIES = 50_000

/**
 * Session rows by cookie token, so a heartbeat skips the hash and the query. Any change to
 * sessions or agents made through this connection calls forgetSessions(); a change made by
 * another process (the agent CLI disabling someone) moves SQLite's data_version, which is
 * checked on every lookup: a revoked session never outlives the write that revoked it.
 */
export function sessionCache(db: Db): Cache['byToken'] {
  const dataVersion = statement(db, 'PRAGMA data_version').pluck().get() as number
  let cache = caches.get(db)
  if (!cache || cache.dataVersion !== dataVersion || cache.byToken.size > MAX_ENTRIES) {
    caches.set(db, (cache = { dataVersion, byToken: new Map() }))
  }
  return cache.byToken
}

/** Drops every cached session of this connection; call after deleting sessions or disabling. */
export function forgetSessions(db: Db): void {
  caches.delete(db)
}
