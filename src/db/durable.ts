import type { Db } from './client.js'
import { statement } from './statements.js'

/**
 * Runs a write whose commit must survive a power cut, not only a crash: for its duration the
 * connection syncs the WAL to disk at every commit (synchronous=FULL). Customer requests,
 * follow-ups and agent replies go through here; heartbeats do not (see decision 004).
 */
export function durably<T>(db: Db, write: () => T): T {
  statement(db, 'PRAGMA synchronous = FULL').run()
  try {
    return write()
  } finally {
    statement(db, 'PRAGMA synchronous = NORMAL').run()
  }
}
