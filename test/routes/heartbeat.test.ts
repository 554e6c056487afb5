import { describe, expect, it } from 'vitest'
import { presence } from '../../src/db/schema.js'
import { createTicket } from '../factories.js'
import { testApp } from '../support/app.js'

const json = { accept: 'application/json' }

describe('POST /tickets/:id/heartbeat', () => {
  it('answers JSON with the viewers, the ticket and the queue, keys as in SPEC.md', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ticket = createTicket(t.db, t.clock, { subject: 'Printer on fire' })
    const res = await t.post(
      `/tickets/${ticket.id}/heartbeat`,
      { client: 'tab-ann-1', state: 'viewing' },
      { cookie: ann.cookie, headers: json },
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      serverTime: t.clock.now(),
      intervalMs: 10_000,
      ttlMs: 15_000,
      viewers: [{ agentId: ann.agent.id, name: 'Ann', state: 'viewing', self: true }],
      ticket: {
        id: ticket.id,
        status: 'viewing',
        claimedBy: null,
        claimedById: null,
        customerHere: false,
      },
      queue: {
        filter: 'open',
        next: null,
        counts: { available: 0, viewing: 1, claimed: 0, waiting: 0 },
        tickets: [
          {
            id: ticket.id,
            subject: 'Printer on fire',
            status: 'viewing',
            claimedBy: null,
            viewers: ['Ann'],
            customerReplied: false,
            unread: true,
          },
        ],
      },
    })
  })

  it('answers htmx with the presence fragment naming the other viewers', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ben = await t.signIn('Ben')
    const ticket = createTicket(t.db, t.clock)
    await t.post(
      `/tickets/${ticket.id}/heartbeat`,
      { client: 'tab-ben-1', state: 'replying' },
      { cookie: ben.cookie },
    )
    const res = await t.post(
      `/tickets/${ticket.id}/heartbeat`,
      { client: 'tab-ann-1' },
      { cookie: ann.cookie, headers: { 'hx-request': 'true' } },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toMatch(/^<div id="presence"/)
    expect(html).toContain('Also here: <span class="viewer viewer-replying"')
    expect(html).toContain('Ben — replying')
    expect(html).not.toContain('Ann — ')
  })

  it('uses the session for identity and ignores an agent id, name or time in the form', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ben = await t.signIn('Ben')
    const ticket = createTicket(t.db, t.clock)
    const res = await t.post(
      `/tickets/${ticket.id}/heartbeat`,
      {
        client: 'tab-ann-1',
        state: 'viewing',
        agentId: String(ben.agent.id),
        agent_id: String(ben.agent.id),
        name: 'Ben',
        seenAt: '0',
        serverTime: '0',
      },
      { cookie: ann.cookie, headers: json },
    )
    const body = await res.json()
    expect(body.viewers).toEqual([
      { agentId: ann.agent.id, name: 'Ann', state: 'viewing', self: true },
    ])
    expect(t.db.select().from(presence).all()).toEqual([
      expect.objectContaining({ agentId: ann.agent.id, seenAt: t.clock.now() }),
    ])
  })

  it('drops a viewer silent for more than the TTL and keeps one who keeps beating', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ben = await t.signIn('Ben')
    const ticket = createTicket(t.db, t.clock)
    const beat = (who: { cookie: string }, client: string) =>
      t
        .post(`/tickets/${ticket.id}/heartbeat`, { client }, { cookie: who.cookie, headers: json })
        .then((r) => r.json())
    await beat(ben, 'tab-ben-1')
    t.clock.advance(10_000)
    expect((await beat(ann, 'tab-ann-1')).viewers.map((v: { name: string }) => v.name)).toEqual([
      'Ann',
      'Ben',
    ])
    t.clock.advance(5_001)
    const later = await beat(ann, 'tab-ann-1')
    expect(later.viewers.map((v: { name: string }) => v.name)).toEqual(['Ann'])
    expect(t.db.select().from(presence).all()).toHaveLength(1)
  })

  it('counts two tabs of one agent once and keeps them after one tab leaves', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ben = await t.signIn('Ben')
    const ticket = createTicket(t.db, t.clock)
    await t.post(`/tickets/${ticket.id}/heartbeat`, { client: 'tab-ben-1' }, { cookie: ben.cookie })
    await t.post(`/tickets/${ticket.id}/heartbeat`, { client: 'tab-ben-2' }, { cookie: ben.cookie })
    const seen = async () =>
      (
        await (
          await t.post(
            `/tickets/${ticket.id}/heartbeat`,
            { client: 'tab-ann-1' },
            { cookie: ann.cookie, headers: json },
          )
        ).json()
      ).viewers
    expect((await seen()).filter((v: { name: string }) => v.name === 'Ben')).toHaveLength(1)
    const left = await t.post(
      `/tickets/${ticket.id}/leave`,
      { client: 'tab-ben-1' },
      { cookie: ben.cookie },
    )
    expect(left.status).toBe(204)
    expect((await seen()).map((v: { name: string }) => v.name)).toEqual(['Ann', 'Ben'])
    await t.post(`/tickets/${ticket.id}/leave`, { client: 'tab-ben-2' }, { cookie: ben.cookie })
    expect((await seen()).map((v: { name: string }) => v.name)).toEqual(['Ann'])
  })

  it('lets a leave remove only the caller’s own tab', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ben = await t.signIn('Ben')
    const ticket = createTicket(t.db, t.clock)
    await t.post(
      `/tickets/${ticket.id}/heartbeat`,
      { client: 'tab-shared' },
      { cookie: ben.cookie },
    )
    await t.post(`/tickets/${ticket.id}/leave`, { client: 'tab-shared' }, { cookie: ann.cookie })
    expect(
      t.db
        .select()
        .from(presence)
        .all()
        .map((r) => r.agentId),
    ).toEqual([ben.agent.id])
  })

  it('moves the ticket from viewing back to available when the viewer leaves', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ben = await t.signIn('Ben')
    const ticket = createTicket(t.db, t.clock)
    const queueStatus = async () =>
      (
        await (
          await t.post(
            '/queue/heartbeat',
            { client: 'tab-ann-q' },
            { cookie: ann.cookie, headers: json },
          )
        ).json()
      ).queue.tickets[0].status
    expect(await queueStatus()).toBe('available')
    await t.post(`/tickets/${ticket.id}/heartbeat`, { client: 'tab-ben-1' }, { cookie: ben.cookie })
    expect(await queueStatus()).toBe('viewing')
    await t.post(`/tickets/${ticket.id}/leave`, { client: 'tab-ben-1' }, { cookie: ben.cookie })
    expect(await queueStatus()).toBe('available')
    await t.post(`/tickets/${ticket.id}/heartbeat`, { client: 'tab-ben-1' }, { cookie: ben.cookie })
    t.clock.advance(15_001)
    expect(await queueStatus()).toBe('available')
  })

  it('refuses bad input with 4xx and writes nothing', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ticket = createTicket(t.db, t.clock)
    const cases = [
      [`/tickets/${ticket.id}/heartbeat`, {}],
      [`/tickets/${ticket.id}/heartbeat`, { client: 'x' }],
      [`/tickets/${ticket.id}/heartbeat`, { client: 'tab-ann-1', state: 'sleeping' }],
      [`/tickets/${ticket.id}/heartbeat`, { client: '<script>alert(1)</script>' }],
    ] as const
    for (const [path, form] of cases) {
      const res = await t.post(path, form, { cookie: ann.cookie })
      expect(res.status, JSON.stringify(form)).toBe(422)
    }
    for (const path of [
      '/tickets/999/heartbeat',
      '/tickets/-1/heartbeat',
      '/tickets/abc/heartbeat',
      '/tickets/99999999999999999999/heartbeat',
    ]) {
      const res = await t.post(path, { client: 'tab-ann-1' }, { cookie: ann.cookie })
      expect(res.status, path).toBe(404)
    }
    expect(t.db.select().from(presence).all()).toEqual([])
  })

  it('answers 401 without a session, and 403 for a cross-origin post', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ticket = createTicket(t.db, t.clock)
    expect((await t.post(`/tickets/${ticket.id}/heartbeat`, { client: 'tab-ann-1' })).status).toBe(
      401,
    )
    expect(
      (await t.post('/queue/heartbeat', { client: 'tab-ann-1' }, { cookie: 'heartdesk=forged' }))
        .status,
    ).toBe(401)
    const cross = await t.post(
      `/tickets/${ticket.id}/heartbeat`,
      { client: 'tab-ann-1' },
      { cookie: ann.cookie, headers: { origin: 'https://evil.example' } },
    )
    expect(cross.status).toBe(403)
    expect(t.db.select().from(presence).all()).toEqual([])
  })
})

describe('POST /queue/heartbeat', () => {
  it('answers the queue fragment for htmx and JSON on request', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    createTicket(t.db, t.clock, { subject: 'Cannot log in' })
    const html = await (
      await t.post(
        '/queue/heartbeat',
        { client: 'tab-ann-q' },
        { cookie: ann.cookie, headers: { 'hx-request': 'true' } },
      )
    ).text()
    expect(html).toMatch(/^<section id="queue"/)
    expect(html).toContain('Cannot log in')
    const body = await (
      await t.post(
        '/queue/heartbeat',
        { client: 'tab-ann-q' },
        { cookie: ann.cookie, headers: json },
      )
    ).json()
    expect(body.viewers).toEqual([
      { agentId: ann.agent.id, name: 'Ann', state: 'viewing', self: true },
    ])
    expect(body.queue.counts).toEqual({ available: 1, viewing: 0, claimed: 0, waiting: 0 })
    expect(body).not.toHaveProperty('ticket')
  })
})
