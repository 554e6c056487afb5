import type { Db } from './client.js'

/**
 * State that belongs to one database connection (prepared statements, versions, caches),
 * made on first use and dropped with the connection: tests open many databases, one process
 * serves one.
 */
export function perConnection<T>(init: (db: Db) => T): (db: Db) => T {
  const byDb = new WeakMap<Db, T>()
  return (db) => {
    let value = byDb.get(db)
    if (value === undefined) byDb.set(db, (value = init(db)))
    return value
  }
}
