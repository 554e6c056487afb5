import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js'
import { deskChanged, deskVersion } from '../../src/db/desk-version.js'
import { expiryOf, FreshCache } from '../../src/db/fresh-cache.js'
import { heartbeat } from '../../src/presence/presence.js'
import { loadTicketView } from '../../src/tickets/ticket-view.js'
import { createAgent, createTicket } from '../factories.js'
import { FakeClock } from '../support/clock.js'

describe('FreshCache', () => {
  let db: Db
  let clock: FakeClock
  beforeEach(() => {
    db = openDatabase(':memory:')
    clock = new FakeClock()
  })
  afterEach(() => closeDatabase(db))

  it('reuses a value until the desk changes', () => {
    const cache = new FreshCache<number>()
    let computed = 0
    const get = () =>
      cache.get('k', deskVersion(db), clock.now(), () => ({
        value: ++computed,
        validUntil: Infinity,
      }))
    expect([get(), get(), get()]).toEqual([1, 1, 1])
    deskChanged(db)
    expect(get()).toBe(2)
  })

  it('recomputes from the moment the value said it stops being true', () => {
    const cache = new FreshCache<number>()
    let computed = 0
    const until = clock.now() + 5000
    const get = () =>
      cache.get('k', deskVersion(db), clock.now(), () => ({ value: ++computed, validUntil: until }))
    get()
    clock.advance(4999)
    expect(get()).toBe(1)
    clock.advance(1)
    expect(get()).toBe(2)
  })

  it('dates a view from its oldest presence row', () => {
    expect(expiryOf([5000, 1000, 3000], 15_000)).toBe(16_001)
    expect(expiryOf([], 15_000)).toBe(Infinity)
  })
})

describe('cached ticket presence', () => {
  it('shows a new viewer at once, and a silent one gone the moment it passes the TTL', async () => {
    const db = openDatabase(':memory:')
    const clock = new FakeClock()
    const ttl = 15_000
    const ann = await createAgent(db, clock, { name: 'Ann' })
    const ben = await createAgent(db, clock, { name: 'Ben' })
    const ticket = createTicket(db, clock)
    const page = { kind: 'ticket', ticketId: ticket.id } as const
    const names = () => loadTicketView(db, clock, ttl, ticket.id)!.viewers.map((v) => v.name)
    heartbeat(db, clock, ttl, { agentId: ann.id, clientId: 'tab-ann-1', page, state: 'viewing' })
    expect(names()).toEqual(['Ann'])
    heartbeat(db, clock, ttl, { agentId: ben.id, clientId: 'tab-ben-1', page, state: 'viewing' })
    expect(names()).toEqual(['Ann', 'Ben'])
    heartbeat(db, clock, ttl, { agentId: ben.id, clientId: 'tab-ben-1', page, state: 'replying' })
    expect(loadTicketView(db, clock, ttl, ticket.id)!.viewers[1]!.state).toBe('replying')
    // Nobody writes anything: Ann's rows, then Ben's, just go silent.
    clock.advance(1000)
    heartbeat(db, clock, ttl, { agentId: ben.id, clientId: 'tab-ben-1', page, state: 'replying' })
    expect(names()).toEqual(['Ann', 'Ben'])
    clock.advance(ttl - 1000)
    expect(names()).toEqual(['Ann', 'Ben'])
    clock.advance(1)
    expect(names()).toEqual(['Ben'])
    clock.advance(1000)
    expect(names()).toEqual([])
    closeDatabase(db)
  })

  it('keeps one ticket’s panel cached while another ticket changes, and drops it when its own does', async () => {
    const db = openDatabase(':memory:')
    const clock = new FakeClock()
    const ttl = 15_000
    const ann = await createAgent(db, clock, { name: 'Ann' })
    const quiet = createTicket(db, clock)
    const busy = createTicket(db, clock)
    const beat = (ticketId: number, clientId: string) =>
      heartbeat(db, clock, ttl, {
        agentId: ann.id,
        clientId,
        page: { kind: 'ticket', ticketId },
        state: 'viewing',
      })
    beat(quiet.id, 'tab-1')
    const before = loadTicketView(db, clock, ttl, quiet.id)
    beat(busy.id, 'tab-2')
    expect(loadTicketView(db, clock, ttl, quiet.id)).toBe(before)
    expect(loadTicketView(db, clock, ttl, busy.id)!.viewers).toHaveLength(1)
    beat(quiet.id, 'tab-3')
    const after = loadTicketView(db, clock, ttl, quiet.id)
    expect(after).not.toBe(before)
    expect(after!.viewers).toHaveLength(1)
    closeDatabase(db)
  })
})
