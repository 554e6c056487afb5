import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { loadConfig } from '../config.js'

const usage = 'Usage: npm run backup -- FILE   (FILE must not exist yet)'

/**
 * A consistent copy of the live database, taken with SQLite's online backup API while the
 * server keeps serving: the copy is one moment of the database, whatever is written meanwhile.
 */
async function main() {
  const target = process.argv[2]
  if (!target || target.startsWith('-')) throw new Error(usage)
  const file = resolve(target)
  if (existsSync(file)) throw new Error(`${file} already exists; choose a new file name.`)
  const source = loadConfig(process.env).databasePath
  if (!existsSync(source)) throw new Error(`No database at ${source} (set DATABASE_PATH).`)
  const db = new Database(source, { fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  try {
    await db.backup(file)
  } finally {
    db.close()
  }
  const copy = new Database(file, { readonly: true })
  try {
    const integrity = copy.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new Error(`The copy failed its integrity check: ${integrity}`)
    const tickets = copy.prepare('SELECT count(*) FROM tickets').pluck().get()
    const messages = copy.prepare('SELECT count(*) FROM messages').pluck().get()
    console.log(
      `Backed up ${source} to ${file}: ${tickets} tickets, ${messages} messages, integrity ok.`,
    )
  } finally {
    copy.close()
  }
}

try {
  await main()
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}
