import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js'
import { claimTicket, findTicket, releaseTicket } from '../../src/tickets/tickets.js'
import { createAgent, createTicket } from '../factories.js'
import { FakeClock } from '../support/clock.js'

describe('claim', () => {
  const cleanup: (() => void)[] = []
  afterEach(() => cleanup.splice(0).forEach((f) => f()))

  function memoryDb() {
    const db = openDatabase(':memory:')
    cleanup.push(() => closeDatabase(db))
    return db
  }

  it('gives the ticket to the first claimer and names them to the second', async () => {
    const db = memoryDb()
    const clock = new FakeClock()
    const carol = await createAgent(db, clock, { name: 'Carol' })
    const dan = await createAgent(db, clock, { name: 'Dan' })
    const ticket = createTicket(db, clock)
    expect(claimTicket(db, clock, ticket.id, carol.id)).toEqual({ ok: true })
    expect(claimTicket(db, clock, ticket.id, dan.id)).toEqual({
      ok: false,
      reason: 'held',
      holder: { id: carol.id, name: 'Carol' },
    })
    expect(findTicket(db, ticket.id)?.claimedBy).toBe(carol.id)
  })

  it('lets the holder claim again and release, after which another agent can claim', async () => {
    const db = memoryDb()
    const clock = new FakeClock()
    const carol = await createAgent(db, clock, { name: 'Carol' })
    const dan = await createAgent(db, clock, { name: 'Dan' })
    const ticket = createTicket(db, clock)
    claimTicket(db, clock, ticket.id, carol.id)
    expect(claimTicket(db, clock, ticket.id, carol.id)).toEqual({ ok: true })
    expect(releaseTicket(db, clock, ticket.id, dan.id)).toMatchObject({ ok: false, reason: 'held' })
    expect(releaseTicket(db, clock, ticket.id, carol.id)).toEqual({ ok: true })
    expect(claimTicket(db, clock, ticket.id, dan.id)).toEqual({ ok: true })
  })

  it('refuses unknown and resolved tickets', async () => {
    const db = memoryDb()
    const clock = new FakeClock()
    const carol = await createAgent(db, clock, { name: 'Carol' })
    const resolved = createTicket(db, clock, { status: 'resolved' })
    expect(claimTicket(db, clock, 999, carol.id)).toEqual({ ok: false, reason: 'not-found' })
    expect(claimTicket(db, clock, resolved.id, carol.id)).toEqual({ ok: false, reason: 'resolved' })
  })

  it('has exactly one winner across separate connections to one file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heartdesk-claim-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'desk.sqlite')
    const clock = new FakeClock()
    const setup = openDatabase(path)
    const agentIds: number[] = []
    for (let i = 0; i < 8; i++) agentIds.push((await createAgent(setup, clock)).id)
    const ticket = createTicket(setup, clock)
    // One connection per agent, like separate processes would have.
    const connections: Db[] = agentIds.map(() => openDatabase(path))
    cleanup.push(() => connections.forEach(closeDatabase))
    cleanup.push(() => closeDatabase(setup))
    const results = connections.map((db, i) => claimTicket(db, clock, ticket.id, agentIds[i]!))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.reason === 'held')).toHaveLength(7)
    expect(findTicket(setup, ticket.id)?.claimedBy).toBe(agentIds[0])
  })
})
