import { describe, expect, it } from 'vitest'
import { createTicket } from '../factories.js'
import { testApp, type TestApp } from '../support/app.js'

const json = { accept: 'application/json' }

async function queue(t: TestApp, cookie: string, fields: Record<string, string> = {}) {
  const res = await t.post(
    '/queue/heartbeat',
    { client: 'tab-queue-1', ...fields },
    { cookie, headers: json },
  )
  expect(res.status).toBe(200)
  return (await res.json()).queue
}

const ids = (q: { tickets: { id: number }[] }) => q.tickets.map((x) => x.id)

describe('queue views', () => {
  it('filters open, unclaimed, mine, waiting and resolved', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const dan = await t.signIn('Dan')
    const free = createTicket(t.db, t.clock)
    const carols = createTicket(t.db, t.clock, { claimedBy: carol.agent.id })
    const dans = createTicket(t.db, t.clock, { claimedBy: dan.agent.id })
    const waiting = createTicket(t.db, t.clock, { status: 'waiting', claimedBy: carol.agent.id })
    const resolved = createTicket(t.db, t.clock, { status: 'resolved' })
    expect(ids(await queue(t, carol.cookie))).toEqual([free.id, carols.id, dans.id])
    expect(ids(await queue(t, carol.cookie, { filter: 'unclaimed' }))).toEqual([free.id])
    expect(ids(await queue(t, carol.cookie, { filter: 'mine' }))).toEqual([carols.id, waiting.id])
    expect(ids(await queue(t, carol.cookie, { filter: 'waiting' }))).toEqual([waiting.id])
    expect(ids(await queue(t, carol.cookie, { filter: 'resolved' }))).toEqual([resolved.id])
    expect((await queue(t, carol.cookie)).counts).toEqual({
      available: 1,
      viewing: 0,
      claimed: 2,
      waiting: 1,
    })
  })

  it('lists the customer who has waited longest first', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const newer = createTicket(t.db, t.clock, { waitingSince: 3_000 })
    const oldest = createTicket(t.db, t.clock, { waitingSince: 1_000 })
    const middle = createTicket(t.db, t.clock, { waitingSince: 2_000 })
    expect(ids(await queue(t, carol.cookie))).toEqual([oldest.id, middle.id, newer.id])
  })

  it('pages by 50 with a cursor, and the heartbeat refreshes the page being looked at', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const all = Array.from({ length: 120 }, (_, i) =>
      createTicket(t.db, t.clock, { waitingSince: i }),
    )
    const first = await queue(t, carol.cookie)
    expect(ids(first)).toEqual(all.slice(0, 50).map((x) => x.id))
    expect(first.next).toBe(`49.${all[49]!.id}`)
    const second = await queue(t, carol.cookie, { after: first.next })
    expect(ids(second)).toEqual(all.slice(50, 100).map((x) => x.id))
    const third = await queue(t, carol.cookie, { after: second.next })
    expect(ids(third)).toEqual(all.slice(100).map((x) => x.id))
    expect(third.next).toBeNull()
    const page = await (await t.get(`/queue?after=${second.next}`, { cookie: carol.cookie })).text()
    expect(page).toContain(`name="after" value="${second.next}"`)
    expect(page).toContain(`#${all[100]!.id}`)
    expect(page).not.toContain(`>#${all[99]!.id}<`)
  })

  it('marks tickets with activity since the agent last opened them', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const ticket = createTicket(t.db, t.clock)
    const token = ticket.token
    expect((await queue(t, carol.cookie)).tickets[0].unread).toBe(true)
    t.clock.advance(1_000)
    await t.get(`/tickets/${ticket.id}`, { cookie: carol.cookie })
    expect((await queue(t, carol.cookie)).tickets[0].unread).toBe(false)
    t.clock.advance(1_000)
    await t.post(`/requests/${token}/messages`, { message: 'Any news?' })
    expect((await queue(t, carol.cookie)).tickets[0].unread).toBe(true)
    const html = await (
      await t.post('/queue/heartbeat', { client: 'tab-queue-1' }, { cookie: carol.cookie })
    ).text()
    expect(html).toContain('New activity')
  })

  it('refuses an unknown filter or a malformed cursor with 4xx', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    expect((await t.get('/queue?filter=everything', { cookie: carol.cookie })).status).toBe(400)
    expect((await t.get('/queue?after=1;DROP', { cookie: carol.cookie })).status).toBe(400)
    const res = await t.post(
      '/queue/heartbeat',
      { client: 'tab-queue-1', filter: 'nope' },
      { cookie: carol.cookie },
    )
    expect(res.status).toBe(422)
  })
})
