import { asc, eq, sql } from 'drizzle-orm'
import type { Clock } from '../clock.js'
import type { Db } from '../db/client.js'
import { agents, sessions, type Agent } from '../db/schema.js'
import { forgetSessions } from './session-cache.js'
import { hashPassword, OWASP_SCRYPT, verifyPassword, type ScryptParams } from './password.js'

export type NewAgent = { email: string; name: string; password: string }

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`An agent with email ${email} already exists.`)
  }
}

/** Emails compare case-insensitively: Ann@Example.com and ann@example.com are one agent. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Adds an agent; throws DuplicateEmailError when the email is taken. */
export async function addAgent(
  db: Db,
  clock: Clock,
  input: NewAgent,
  params: ScryptParams = OWASP_SCRYPT,
): Promise<Agent> {
  const email = normalizeEmail(input.email)
  const passwordHash = await hashPassword(input.password, params)
  const inserted = db
    .insert(agents)
    .values({ email, name: input.name.trim(), passwordHash, createdAt: clock.now() })
    .onConflictDoNothing()
    .returning()
    .get()
  if (!inserted) throw new DuplicateEmailError(email)
  return inserted
}

/**
 * Adds the desk's first agent, or nothing if one exists by the time the password is hashed:
 * two racing posts of the one-time setup link cannot both create an agent.
 */
export async function addFirstAgent(
  db: Db,
  clock: Clock,
  input: NewAgent,
): Promise<Agent | undefined> {
  const passwordHash = await hashPassword(input.password, OWASP_SCRYPT)
  return db.transaction((tx) => {
    if (
      tx
        .select({ n: sql<number>`count(*)` })
        .from(agents)
        .get()!.n > 0
    )
      return undefined
    return tx
      .insert(agents)
      .values({
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        passwordHash,
        createdAt: clock.now(),
      })
      .returning()
      .get()
  })
}

export function listAgents(db: Db): Agent[] {
  return db.select().from(agents).orderBy(asc(agents.id)).all()
}

export function countAgents(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(agents)
      .get()?.n ?? 0
  )
}

/** Disables an agent and ends all their sessions in one transaction. Returns false if unknown. */
export function disableAgent(db: Db, clock: Clock, email: string): boolean {
  const done = db.transaction((tx) => {
    const agent = tx
      .update(agents)
      .set({ disabledAt: clock.now() })
      .where(eq(agents.email, normalizeEmail(email)))
      .returning({ id: agents.id })
      .get()
    if (!agent) return false
    tx.delete(sessions).where(eq(sessions.agentId, agent.id)).run()
    return true
  })
  forgetSessions(db)
  return done
}

// Verified against when the email is unknown, so both failures cost the same time.
let decoyHash: Promise<string> | undefined

/** Returns the active agent whose email and password match, or undefined. */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
): Promise<Agent | undefined> {
  const agent = db
    .select()
    .from(agents)
    .where(eq(agents.email, normalizeEmail(email)))
    .get()
  if (!agent) {
    decoyHash ??= hashPassword('decoy password', OWASP_SCRYPT)
    await verifyPassword(password, await decoyHash)
    return undefined
  }
  const ok = await verifyPassword(password, agent.passwordHash)
  return ok && agent.disabledAt === null ? agent : undefined
}
