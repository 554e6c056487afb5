import type { ServerOptions } from 'node:http'

export type TimeoutOptions = { headersTimeoutMs: number; requestTimeoutMs: number }

/** Production limits: a client gets 10 s to send its headers and 30 s for a whole request. */
export const DEFAULT_TIMEOUTS: TimeoutOptions = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
}

/**
 * Node server options that stop slow clients (slowloris) from holding connections: headers and
 * whole requests must arrive in time, checked often enough for the limits to bite.
 */
export function serverOptions(t: TimeoutOptions = DEFAULT_TIMEOUTS): ServerOptions {
  return {
    headersTimeout: t.headersTimeoutMs,
    requestTimeout: t.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, t.headersTimeoutMs / 2),
    keepAliveTimeout: 5_000,
    // Node's default; written here so that a change is a decision. Larger headers get 431.
    maxHeaderSize: 16 * 1024,
  }
}
