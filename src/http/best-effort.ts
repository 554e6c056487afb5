import type { Context } from 'hono'
import type { AppEnv } from './env.js'
import { databaseFault } from './faults.js'

/**
 * Runs a bookkeeping write that a read must not fail for (the session's last activity, a read
 * mark): on a full, locked or read-only database the page is still served, and the skipped
 * write is logged. Any other error is a bug and is thrown.
 */
export function bestEffort(c: Context<AppEnv>, what: string, write: () => void): void {
  try {
    write()
  } catch (err) {
    const fault = databaseFault(err)
    if (!fault) throw err
    c.var.deps.metrics.dbErrors.inc({ code: fault.code })
    c.var.deps.log.warn({ reqId: c.get('requestId'), code: fault.code }, `${what} skipped`)
  }
}
