import type { Clock } from '../clock.js'
import type { Db } from './client.js'
import { deskVersion } from './desk-version.js'

/**
 * How long a derived view may be reused when nothing was written. Writes invalidate at once
 * (desk version); this bound covers the one change no write announces: a silent tab passing
 * the TTL before the next heartbeat purges it. At most 1 s, and a quarter of the TTL, which
 * keeps it well under one heartbeat interval whatever the configuration.
 */
export const maxStaleMs = (ttlMs: number) => Math.min(1000, ttlMs / 4)

type Entry<T> = { version: number; at: number; value: T }

/**
 * Memoises a derived view of the desk per key until the desk changes or maxStaleMs passes:
 * a thousand agents polling the same queue cost one query, not a thousand.
 */
export class FreshCache<T> {
  private entries = new Map<string | number, Entry<T>>()

  constructor(
    private db: Db,
    private clock: Clock,
    private maxStale: number,
    private maxEntries = 10_000,
  ) {}

  get(key: string | number, compute: () => T): T {
    const version = deskVersion(this.db)
    const now = this.clock.now()
    const hit = this.entries.get(key)
    if (hit && hit.version === version && now - hit.at < this.maxStale && now >= hit.at) {
      return hit.value
    }
    const value = compute()
    if (this.entries.size >= this.maxEntries) this.entries.clear()
    this.entries.set(key, { version, at: now, value })
    return value
  }
}

const caches = new WeakMap<Db, Map<string, FreshCache<unknown>>>()

/** The named cache of a database connection (one per kind of view). */
export function freshCache<T>(db: Db, clock: Clock, name: string, ttlMs: number): FreshCache<T> {
  let byName = caches.get(db)
  if (!byName) caches.set(db, (byName = new Map()))
  let cache = byName.get(name)
  if (!cache) byName.set(name, (cache = new FreshCache(db, clock, maxStaleMs(ttlMs))))
  return cache as FreshCache<T>
}
