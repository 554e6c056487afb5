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
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const sqlite = new Database(path)
  // WAL lets readers run while one writer commits; NORMAL sync is durable across process
  // crashes (the WAL is fsynced at checkpoint), which is the failure a one-box desk sees most.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder })
  return db
}

/** Closes the connection after folding the WAL back into the main file. */
export function closeDatabase(db: Db): void {
  if (!db.$client.open) return
  if (db.$client.name !== ':memory:') db.$client.pragma('wal_checkpoint(TRUNCATE)')
  db.$client.close()
}
