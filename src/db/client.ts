import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

// Beside this module: src/db/migrations, or dist/migrations in the build (scripts/build.mjs).
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas every connection needs and
 * applies pending migrations. `:memory:` gives a private database, as tests use.
 */
export function openDatabase(path: string, opts: { busyTimeoutMs?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const sqlite = new Database(path)
  // WAL lets readers run while one writer commits. NORMAL sync survives a crashed or killed
  // process; messages are written with FULL (durable.ts) to survive a power cut too.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`)
  // After a checkpoint the WAL file is cut back to this size, so it cannot stay at its peak.
  sqlite.pragma('journal_size_limit = 16777216')
  sqlite.pragma('foreign_keys = ON')
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder })
  return db
}

/** A cheap real read; throws (a SQLite error) when the database cannot be used. */
export function checkDatabase(db: Db): void {
  db.$client.prepare('SELECT count(*) FROM agents').get()
}

/** Closes the connection after folding the WAL back into the main file. */
export function closeDatabase(db: Db): void {
  if (!db.$client.open) return
  if (db.$client.name !== ':memory:') db.$client.pragma('wal_checkpoint(TRUNCATE)')
  db.$client.close()
}
