import { createHash, randomBytes } from 'node:crypto'
import { closeDatabase, openDatabase } from '../src/db/client.js'
import { hashPassword } from '../src/agents/password.js'

export type Seeded = {
  /** Session cookie values, one per agent, index = agent number. */
  sessions: string[]
  /** Ids of open tickets, oldest first. */
  openTicketIds: number[]
}

/**
 * Fills a fresh database with a realistic desk: agents with live sessions, tickets of which
 * `openShare` are open (the rest resolved or waiting), one customer message each.
 */
export async function seedDesk(
  path: string,
  opts: { agents: number; tickets: number; openShare: number; openTickets?: number },
): Promise<Seeded> {
  const db = openDatabase(path)
  const s = db.$client
  const now = Date.now()
  // One cheap hash shared by all: agents sign in through sessions made here, not by password.
  const hash = await hashPassword(randomBytes(12).toString('hex'), { N: 1024, r: 8, p: 1 })
  const sessions: string[] = []
  const insertAgent = s.prepare(
    'INSERT INTO agents (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)',
  )
  const insertSession = s.prepare(
    'INSERT INTO sessions (id, agent_id, created_at, last_active_at) VALUES (?, ?, ?, ?)',
  )
  const insertTicket = s.prepare(
    `INSERT INTO tickets (token, customer_name, customer_email, subject, status, claimed_by,
       claimed_at, created_at, updated_at, waiting_since, last_message_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertMessage = s.prepare(
    'INSERT INTO messages (ticket_id, body, created_at) VALUES (?, ?, ?)',
  )
  const openTicketIds: number[] = []
  s.transaction(() => {
    for (let i = 0; i < opts.agents; i++) {
      const id = Number(
        insertAgent.run(`agent${i}@bench.example`, `Agent ${i}`, hash, now).lastInsertRowid,
      )
      const token = randomBytes(32).toString('base64url')
      insertSession.run(createHash('sha256').update(token).digest('hex'), id, now, now)
      sessions.push(token)
    }
    const open = opts.openTickets ?? Math.round(opts.tickets * opts.openShare)
    const openEvery = Math.max(1, Math.floor(opts.tickets / Math.max(1, open)))
    for (let i = 0; i < opts.tickets; i++) {
      const at = now - (opts.tickets - i) * 60_000
      const isOpen = i % openEvery === 0 && openTicketIds.length < open
      // History is mostly resolved; a few tickets wait on their customer.
      const status = isOpen ? 'open' : i % 20 === 1 ? 'waiting' : 'resolved'
      // A third of the open tickets are held by someone.
      const claimedBy = isOpen && openTicketIds.length % 3 === 1 ? (i % opts.agents) + 1 : null
      const id = Number(
        insertTicket.run(
          randomBytes(24).toString('base64url'),
          `Customer ${i}`,
          `customer${i}@example.com`,
          `Question number ${i} about invoices and exports`,
          status,
          claimedBy,
          claimedBy ? at : null,
          at,
          at,
          at,
          at,
        ).lastInsertRowid,
      )
      insertMessage.run(
        id,
        `Hello, this is message ${i}. Something is not working as expected.`,
        at,
      )
      if (isOpen) openTicketIds.push(id)
    }
  })()
  s.exec('ANALYZE')
  closeDatabase(db)
  return { sessions, openTicketIds }
}
