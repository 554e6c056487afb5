import type { Clock } from '../clock.js'
import type { Db } from './client.js'

/** A computed view and the moment it stops being true even if nobody writes anything. */
export type Expiring<T> = { value: T; validUntil: number }

type Entry<T> = { version: number; at: number; validUntil: number; value: T }

/**
 * Memoises a derived view of the desk per key. Writes invalidate it at once (desk version);
 * the one change no write announces, a silent tab passing the TTL, is known in advance: the
 * view says when its oldest presence row expires (`validUntil`), and is recomputed from then.
 * So a thousand agents polling the same queue cost one query, and nobody sees a departed
 * viewer a moment longer than the TTL.
 */
export class FreshCache<T> {
  private entries = new Map<string | number, Entry<T>>()

  constructor(
    private clock: Clock,
    /** What the cached value depends on: a counter that moves when it may have changed. */
    private versionOf: (key: string | number) => number,
    private maxEntries = 10_000,
  ) {}

  get(key: string | number, compute: () => Expiring<T>): T {
    const version = this.versionOf(key)
    const now = this.clock.now()
    const hit = this.entries.get(key)
    if (hit && hit.version === version && now >= hit.at && now < hit.validUntil) return hit.value
    const { value, validUntil } = compute()
    if (this.entries.size >= this.maxEntries) this.entries.clear()
    this.entries.set(key, { version, at: now, validUntil, value })
    return value
  }
}

const caches = new WeakMap<Db, Map<string, FreshCache<unknown>>>()

/** The named cache of a database connection (one per kind of view). */
export function freshCache<T>(
  db: Db,
  clock: Clock,
  name: string,
  versionOf: (key: string | number) => number,
): FreshCache<T> {
  let byName = caches.get(db)
  if (!byName) caches.set(db, (byName = new Map()))
  let cache = byName.get(name)
  if (!cache) byName.set(name, (cache = new FreshCache(clock, versionOf)))
  return cache as FreshCache<T>
}

/**
 * When a view built from presence rows last seen at `seenAt` times stops being true: the
 * moment the oldest of them passes the TTL. With no rows, only a write can change it.
 */
export function expiryOf(seenAt: Iterable<number>, ttlMs: number): number {
  let oldest = Infinity
  for (const s of seenAt) if (s < oldest) oldest = s
  return oldest + ttlMs + 1
}
