import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js'
import { presence } from '../../src/db/schema.js'
import { heartbeat, leave, viewersOf, type Page } from '../../src/presence/presence.js'
import { createAgent, createTicket } from '../factories.js'
import { FakeClock } from '../support/clock.js'

const TTL = 15_000

describe('presence', () => {
  let db: Db
  let clock: FakeClock
  let page: Page

  beforeEach(() => {
    db = openDatabase(':memory:')
    clock = new FakeClock()
    page = { kind: 'ticket', ticketId: createTicket(db, clock).id }
  })
  afterEach(() => closeDatabase(db))

  it('shows an agent who just sent a heartbeat', async () => {
    const ann = await createAgent(db, clock, { name: 'Ann' })
    heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-aaaa', page, state: 'viewing' })
    expect(viewersOf(db, clock, TTL, page)).toEqual([
      { agentId: ann.id, name: 'Ann', state: 'viewing' },
    ])
  })

  it('keeps a viewer silent for exactly the TTL and hides one silent for longer', async () => {
    const ann = await createAgent(db, clock, { name: 'Ann' })
    heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-aaaa', page, state: 'viewing' })
    clock.advance(TTL)
    expect(viewersOf(db, clock, TTL, page)).toHaveLength(1)
    clock.advance(1)
    expect(viewersOf(db, clock, TTL, page)).toEqual([])
  })

  it('purges rows silent for more than the TTL on the next heartbeat, from any page', async () => {
    const ann = await createAgent(db, clock, { name: 'Ann' })
    const ben = await createAgent(db, clock, { name: 'Ben' })
    heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-aaaa', page, state: 'viewing' })
    clock.advance(TTL + 1)
    const purged = heartbeat(db, clock, TTL, {
      agentId: ben.id,
      clientId: 'tab-bbbb',
      page: { kind: 'queue' },
      state: 'viewing',
    })
    expect(purged).toBe(1)
    expect(
      db
        .select()
        .from(presence)
        .all()
        .map((r) => r.agentId),
    ).toEqual([ben.id])
  })

  it('counts one agent in two tabs as one viewer, and keeps them when one tab leaves', async () => {
    const ann = await createAgent(db, clock, { name: 'Ann' })
    heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-one1', page, state: 'viewing' })
    heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-two2', page, state: 'viewing' })
    expect(viewersOf(db, clock, TTL, page)).toHaveLength(1)
    leave(db, ann.id, 'tab-one1', page)
    expect(viewersOf(db, clock, TTL, page)).toEqual([
      { agentId: ann.id, name: 'Ann', state: 'viewing' },
    ])
    leave(db, ann.id, 'tab-two2', page)
    expect(viewersOf(db, clock, TTL, page)).toEqual([])
  })

  it('shows replying when any tab of the agent is replying', async () => {
    const ann = await createAgent(db, clock, { name: 'Ann' })
    heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-one1', page, state: 'replying' })
    heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-two2', page, state: 'viewing' })
    expect(viewersOf(db, clock, TTL, page)[0]?.state).toBe('replying')
  })

  it('updates a tab in place instead of adding rows', async () => {
    const ann = await createAgent(db, clock, { name: 'Ann' })
    for (let i = 0; i < 5; i++) {
      heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-aaaa', page, state: 'viewing' })
      clock.advance(10_000)
    }
    expect(db.select().from(presence).all()).toHaveLength(1)
  })

  it('does not show viewers of one ticket on another', async () => {
    const ann = await createAgent(db, clock, { name: 'Ann' })
    const other: Page = { kind: 'ticket', ticketId: createTicket(db, clock).id }
    heartbeat(db, clock, TTL, { agentId: ann.id, clientId: 'tab-aaaa', page, state: 'viewing' })
    expect(viewersOf(db, clock, TTL, other)).toEqual([])
  })
})
