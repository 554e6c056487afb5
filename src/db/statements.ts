import type { Statement } from 'better-sqlite3'
import type { Db } from './client.js'

const cache = new WeakMap<Db, Map<string, Statement>>()

/**
 * A prepared statement, compiled once per connection. The heartbeat's queries go through here:
 * drizzle's query builder and a fresh prepare() per call cost more than the query itself.
 */
export function statement(db: Db, sql: string): Statement {
  let byText = cache.get(db)
  if (!byText) cache.set(db, (byText = new Map()))
  let stmt = byText.get(sql)
  if (!stmt) byText.set(sql, (stmt = db.$client.prepare(sql)))
  return stmt
}
