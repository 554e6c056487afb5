import type { Clock } from '../clock.js'

export type ThrottleRules = {
  windowMs: number
  /** Failed sign-ins from one address, whatever the account. */
  perAddress: number
  /** Failed sign-ins to one account from browsers it has never signed in from. */
  perAccount: number
  /** Failed sign-ins to one account from one browser that has signed in to it before. */
  perTrustedDevice: number
}

export const DEFAULT_THROTTLE: ThrottleRules = {
  windowMs: 60_000,
  perAddress: 20,
  perAccount: 5,
  perTrustedDevice: 10,
}

const MAX_KEYS = 100_000

/**
 * Slows online password guessing with sliding one-minute windows of failures, in memory.
 * Following OWASP's "device cookie" advice, a browser that has signed in to an account before
 * is counted on its own: an attacker hammering that account cannot lock its agent out, and no
 * limit outlasts its window.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>()

  constructor(
    private clock: Clock,
    private rules: ThrottleRules = DEFAULT_THROTTLE,
  ) {}

  /** The keys and limits one attempt counts against. */
  keys(address: string, email: string, trustedDevice: boolean): [string, number][] {
    const account: [string, number] = trustedDevice
      ? [`device:${email}:${address}`, this.rules.perTrustedDevice]
      : [`account:${email}`, this.rules.perAccount]
    return [[`address:${address}`, this.rules.perAddress], account]
  }

  /** Seconds to wait before another attempt is heard; 0 when it may go ahead. */
  retryAfter(keys: [string, number][]): number {
    const now = this.clock.now()
    let wait = 0
    for (const [key, limit] of keys) {
      const times = this.recent(key, now)
      if (times.length >= limit) {
        wait = Math.max(wait, times[times.length - limit]! + this.rules.windowMs - now)
      }
    }
    return Math.ceil(wait / 1000)
  }

  failed(keys: [string, number][]): void {
    const now = this.clock.now()
    if (this.failures.size > MAX_KEYS) this.failures.clear()
    for (const [key] of keys) this.failures.set(key, [...this.recent(key, now), now])
  }

  /** A successful sign-in forgets the account's failures (not the address's). */
  succeeded(keys: [string, number][]): void {
    for (const [key] of keys.slice(1)) this.failures.delete(key)
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.rules.windowMs)
    if (times.length === 0) this.failures.delete(key)
    return times
  }
}
