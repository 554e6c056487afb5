import { createHash, randomBytes } from 'node:crypto'
import { eq, lt, or } from 'drizzle-orm'
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
export type SessionLimits = { idleMs: number; maxAgeMs: number }

export function findSession(
  db: Db,
  clock: Clock,
  token: string,
  limits: SessionLimits,
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
      createdAt: sessions.createdAt,
    })
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(eq(sessions.id, id))
    .get()
  if (!row || row.disabledAt !== null) return undefined
  if (now - row.lastActiveAt > limits.idleMs || now - row.createdAt > limits.maxAgeMs) {
    db.delete(sessions).where(eq(sessions.id, id)).run()
    return undefined
  }
  if (touch) db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, id)).run()
  return { id: row.id, name: row.name, email: row.email, sessionId: id }
}

/** Ends every session of an agent: signing out anywhere signs out everywhere. */
export function endAllSessions(db: Db, agentId: number): void {
  db.delete(sessions).where(eq(sessions.agentId, agentId)).run()
}

/** Deletes expired sessions; run at each sign-in so the table stays small. */
export function purgeExpiredSessions(db: Db, clock: Clock, limits: SessionLimits): void {
  const now = clock.now()
  db.delete(sessions)
    .where(
      or(
        lt(sessions.lastActiveAt, now - limits.idleMs),
        lt(sessions.createdAt, now - limits.maxAgeMs),
      ),
    )
    .run()
}
