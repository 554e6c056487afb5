import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { serverSecrets } from '../db/schema.js'

/** A random server-side secret, made on first use and kept in the database across restarts. */
export function serverSecret(db: Db, name: string): string {
  db.insert(serverSecrets)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
    .run()
  return db.select().from(serverSecrets).where(eq(serverSecrets.name, name)).get()!.value
}
