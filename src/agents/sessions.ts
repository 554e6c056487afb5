import { createHash, randomBytes } from 'node:crypto'
import { eq, lt, or } from 'drizzle-orm'
import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { sessions } from '../db/schema.js'
import { statement } from '../db/statements.js'
import { forgetSessions, sessionCache, type SessionRow } from './session-cache.js'

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

export type SessionLimits = { idleMs: number; maxAgeMs: number }

/** Finds the live session for a cookie token: not ended, not idle or old past its limits. */
export function findSession(
  db: Db,
  clock: Clock,
  token: string,
  limits: SessionLimits,
): SessionAgent | undefined {
  const now = clock.now()
  const cached = sessionCache(db)
  let row = cached.get(token)
  if (!row) {
    const id = hashToken(token)
    const found = statement(db, FIND).get(id) as SessionRow | undefined
    if (!found) return undefined
    cached.set(token, (row = { ...found, sessionId: id }))
  }
  if (row.disabledAt !== null) return undefined
  if (now - row.lastActiveAt > limits.idleMs || now - row.createdAt > limits.maxAgeMs) {
    db.delete(sessions).where(eq(sessions.id, row.sessionId)).run()
    cached.delete(token)
    return undefined
  }
  return { id: row.id, name: row.name, email: row.email, sessionId: row.sessionId }
}

/**
 * Marks real activity (a page load or an action) on the session of `token`, which restarts its
 * idle clock. Heartbeats do not call it, so a tab left open does not keep a session alive.
 */
export function touchSession(db: Db, clock: Clock, token: string): void {
  const row = sessionCache(db).get(token)
  const now = clock.now()
  statement(db, TOUCH).run(now, row?.sessionId ?? hashToken(token))
  if (row) row.lastActiveAt = now
}

const FIND = `SELECT a.id, a.name, a.email, a.disabled_at AS disabledAt,
    s.last_active_at AS lastActiveAt, s.created_at AS createdAt
  FROM sessions s JOIN agents a ON a.id = s.agent_id
  WHERE s.id = ?`
const TOUCH = `UPDATE sessions SET last_active_at = ? WHERE id = ?`

/** Ends every session of an agent: signing out anywhere signs out everywhere. */
export function endAllSessions(db: Db, agentId: number): void {
  db.delete(sessions).where(eq(sessions.agentId, agentId)).run()
  forgetSessions(db)
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
