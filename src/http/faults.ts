/** SQLite failures that are the environment's, not the request's: answered 503, retried later. */
const FAULTS: Record<string, string> = {
  SQLITE_FULL: 'the disk is full',
  SQLITE_BUSY: 'the database is busy',
  SQLITE_LOCKED: 'the database is locked',
  SQLITE_READONLY: 'the database is read-only',
  SQLITE_IOERR: 'the disk reported an error',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_NOMEM: 'the server is out of memory',
  SQLITE_PROTOCOL: 'the database is locked',
}

export type DatabaseFault = { code: string; reason: string }

/** Classifies an error thrown by better-sqlite3 as a database fault, or undefined. */
export function databaseFault(err: unknown): DatabaseFault | undefined {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined
  // Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…) share their primary's meaning.
  const primary = Object.keys(FAULTS).find((k) => code === k || code.startsWith(`${k}_`))
  return primary ? { code, reason: FAULTS[primary]! } : undefined
}
