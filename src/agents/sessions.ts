import { createHash, randomBytes } from 'node:crypto'
import { and, eq, lt } from 'drizzle-orm'
import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { agents, sessions } from '../db/schema.js'

export type SessionAgent = { id: number; name: string; email: string; sessionId: string }

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** Starts a session with a fresh 256-bit token; only its hash is stored. Returns the token. */
export function startSession(db: Db, clock: Clock, agentId: number): string {
  const token = randomBytes(32).toString('base64url')
  const now = clock.now()
  db.insert(sessions)
    .values({ id: hashToken(token), agentId, createdAt: now, lastActiveAt: now })
    .run()
  return token
}

/**
 * Finds the live session for a cookie token. `touch` marks real activity (a page load or an
 * action); heartbeats pass false so that a tab left open does not keep a session alive forever.
 */
export function findSession(
  db: Db,
  clock: Clock,
  token: string,
  idleMs: number,
  touch: boolean,
): SessionAgent | undefined {
  const id = hashToken(token)
  const now = clock.now()
  const row = db
    .select({
      id: agents.id,
      name: agents.name,
      email: agents.email,
      disabledAt: agents.disabledAt,
      lastActiveAt: sessions.lastActiveAt,
    })
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(eq(sessions.id, id))
    .get()
  if (!row || row.disabledAt !== null) return undefined
  if (now - row.lastActiveAt > idleMs) {
    db.delete(sessions).where(eq(sessions.id, id)).run()
    return undefined
  }
  if (touch) db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, id)).run()
  return { id: row.id, name: row.name, email: row.email, sessionId: id }
}

/** Ends one session. */
export function endSession(db: Db, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run()
}

/** Deletes sessions idle for longer than `idleMs`; run at login so the table stays small. */
export function purgeIdleSessions(db: Db, clock: Clock, idleMs: number): void {
  db.delete(sessions)
    .where(lt(sessions.lastActiveAt, clock.now() - idleMs))
    .run()
}

export function sessionsOf(db: Db, agentId: number) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.agentId, agentId)))
    .all()
}
