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

  constructor(private maxEntries = 10_000) {}

  /**
   * The value for `key`, computed anew unless the cached one was made at the same `version`
   * (a counter that moves whenever the value may have changed) and is still valid at `now`.
   */
  get(key: string | number, version: number, now: number, compute: () => Expiring<T>): T {
    const hit = this.entries.get(key)
    if (hit && hit.version === version && now >= hit.at && now < hit.validUntil) return hit.value
    const { value, validUntil } = compute()
    if (this.entries.size >= this.maxEntries) this.entries.clear()
    this.entries.set(key, { version, at: now, validUntil, value })
    return value
  }
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
