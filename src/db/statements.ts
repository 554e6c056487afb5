import type { Statement } from 'better-sqlite3'
import type { Db } from './client.js'
import { perConnection } from './per-connection.js'

const statements = perConnection(() => new Map<string, Statement>())

/**
 * A prepared statement, compiled once per connection. The heartbeat's queries go through here:
 * drizzle's query builder and a fresh prepare() per call cost more than the query itself.
 */
export function statement(db: Db, sql: string): Statement {
  const byText = statements(db)
  let stmt = byText.get(sql)
  if (!stmt) byText.set(sql, (stmt = db.$client.prepare(sql)))
  return stmt
}
