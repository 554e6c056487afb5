import { describe, expect, it } from 'vitest'
import { messages, tickets } from '../../src/db/schema.js'
import { findTicket } from '../../src/tickets/tickets.js'
import { testApp, type TestApp } from '../support/app.js'

const json = { accept: 'application/json' }

async function customerWritesIn(t: TestApp, subject = 'Refund please') {
  const res = await t.post('/requests', {
    name: 'Zoë',
    email: 'zoe@example.com',
    subject,
    message: 'I was charged twice.',
  })
  const link = res.headers.get('location')!
  const ticket = t.db.select().from(tickets).all().at(-1)!
  return { link, ticket }
}

async function queueRow(t: TestApp, cookie: string, id: number, filter = 'open') {
  const res = await t.post(
    '/queue/heartbeat',
    { client: 'tab-queue-1', filter },
    { cookie, headers: json },
  )
  const body = await res.json()
  return body.queue.tickets.find((x: { id: number }) => x.id === id)
}

describe('the support conversation', () => {
  it('goes customer → reply → waiting → follow-up → open again → resolved → reopened', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const { link, ticket } = await customerWritesIn(t)
    expect(await queueRow(t, carol.cookie, ticket.id)).toMatchObject({
      status: 'available',
      unread: true,
    })

    t.clock.advance(60_000)
    const reply = await t.post(
      `/tickets/${ticket.id}/reply`,
      { body: 'Refunded the second charge.' },
      { cookie: carol.cookie },
    )
    expect(reply.status).toBe(303)
    expect(findTicket(t.db, ticket.id)).toMatchObject({
      status: 'waiting',
      claimedBy: carol.agent.id,
    })
    expect(await queueRow(t, carol.cookie, ticket.id)).toBeUndefined()
    expect(await queueRow(t, carol.cookie, ticket.id, 'waiting')).toMatchObject({
      status: 'waiting',
      claimedBy: 'Carol',
    })

    const thread = await (await t.get(link)).text()
    expect(thread).toContain('We have replied and are waiting to hear from you.')
    expect(thread).toMatch(/<strong>Carol<\/strong>.*Refunded the second charge\./s)
    expect(thread.indexOf('I was charged twice.')).toBeLessThan(
      thread.indexOf('Refunded the second charge.'),
    )

    t.clock.advance(60_000)
    const followUp = await t.post(`${link}/messages`, {
      message: 'Thanks, but what about the fee?',
    })
    expect(followUp.status).toBe(303)
    expect(followUp.headers.get('location')).toBe(link)
    expect(findTicket(t.db, ticket.id)).toMatchObject({ status: 'open', claimedBy: carol.agent.id })
    expect(await queueRow(t, carol.cookie, ticket.id)).toMatchObject({
      status: 'claimed',
      claimedBy: 'Carol',
      customerReplied: true,
    })

    expect(
      (await t.post(`/tickets/${ticket.id}/resolve`, {}, { cookie: carol.cookie })).status,
    ).toBe(303)
    expect(findTicket(t.db, ticket.id)?.status).toBe('resolved')
    expect(await queueRow(t, carol.cookie, ticket.id, 'resolved')).toMatchObject({
      status: 'resolved',
    })

    expect(
      (await t.post(`/tickets/${ticket.id}/reopen`, {}, { cookie: carol.cookie })).status,
    ).toBe(303)
    expect(findTicket(t.db, ticket.id)?.status).toBe('open')
    expect(await queueRow(t, carol.cookie, ticket.id)).toMatchObject({ customerReplied: false })

    await t.post(`/tickets/${ticket.id}/resolve`, {}, { cookie: carol.cookie })
    await t.post(`${link}/messages`, { message: 'It happened again.' })
    expect(findTicket(t.db, ticket.id)?.status).toBe('open')
    expect(await queueRow(t, carol.cookie, ticket.id)).toMatchObject({ customerReplied: true })
    expect(
      t.db
        .select()
        .from(messages)
        .all()
        .map((m) => m.body),
    ).toEqual([
      'I was charged twice.',
      'Refunded the second charge.',
      'Thanks, but what about the fee?',
      'It happened again.',
    ])
  })

  it('claims an unclaimed ticket for the agent who replies', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const { ticket } = await customerWritesIn(t)
    await t.post(`/tickets/${ticket.id}/reply`, { body: 'On it.' }, { cookie: carol.cookie })
    expect(findTicket(t.db, ticket.id)?.claimedBy).toBe(carol.agent.id)
  })

  it('refuses a reply to a ticket another agent holds with 409, keeping the typed text', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const dan = await t.signIn('Dan')
    const { ticket } = await customerWritesIn(t)
    await t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: carol.cookie })
    const res = await t.post(
      `/tickets/${ticket.id}/reply`,
      { body: 'My long & careful <answer>' },
      { cookie: dan.cookie },
    )
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain('Carol already has this one.')
    expect(html).toContain('>My long &amp; careful &lt;answer&gt;</textarea>')
    expect(t.db.select().from(messages).all()).toHaveLength(1)
    expect(findTicket(t.db, ticket.id)?.status).toBe('open')
  })

  it('refuses resolve and reopen by an agent who does not hold the ticket', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const dan = await t.signIn('Dan')
    const { ticket } = await customerWritesIn(t)
    await t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: carol.cookie })
    const res = await t.post(`/tickets/${ticket.id}/resolve`, {}, { cookie: dan.cookie })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('Carol already has this one.')
    expect(findTicket(t.db, ticket.id)?.status).toBe('open')
  })

  it('answers 422 for an empty reply or follow-up, keeping what was typed and writing nothing', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const { ticket, link } = await customerWritesIn(t)
    const reply = await t.post(
      `/tickets/${ticket.id}/reply`,
      { body: '   ' },
      { cookie: carol.cookie },
    )
    expect(reply.status).toBe(422)
    expect(await reply.text()).toContain('Reply is required.')
    const long = 'x'.repeat(20_001)
    const followUp = await t.post(`${link}/messages`, { message: long })
    expect(followUp.status).toBe(422)
    const html = await followUp.text()
    expect(html).toContain('Message must be at most 20,000 characters.')
    expect(html).toContain(`>${long}</textarea>`)
    expect(t.db.select().from(messages).all()).toHaveLength(1)
    expect(findTicket(t.db, ticket.id)).toMatchObject({ status: 'open', claimedBy: null })
  })

  it('answers 413 for an oversized body and 404 for unknown tickets and tokens', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const { ticket, link } = await customerWritesIn(t)
    const huge = await t.post(`${link}/messages`, { message: 'y'.repeat(300_000) })
    expect(huge.status).toBe(413)
    expect(await huge.text()).toContain('That was too much to send')
    expect(
      (await t.post('/tickets/31337/reply', { body: 'hi' }, { cookie: carol.cookie })).status,
    ).toBe(404)
    const wrong = await t.post('/requests/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/messages', {
      message: 'hi',
    })
    expect(wrong.status).toBe(404)
    expect(await wrong.text()).toContain('We could not find this request.')
    expect(t.db.select().from(messages).all()).toHaveLength(1)
    expect(findTicket(t.db, ticket.id)?.status).toBe('open')
  })
})

describe('customer presence', () => {
  it('shows agents "customer is here now" while the customer polls, and drops it after the TTL', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const { ticket, link } = await customerWritesIn(t)
    const agentSees = async () =>
      (
        await (
          await t.post(
            `/tickets/${ticket.id}/heartbeat`,
            { client: 'tab-carol-1' },
            { cookie: carol.cookie, headers: json },
          )
        ).json()
      ).ticket.customerHere
    expect(await agentSees()).toBe(false)
    expect((await t.post(`${link}/heartbeat`, { client: 'customer-tab-1' })).status).toBe(200)
    expect(await agentSees()).toBe(true)
    const page = await (await t.get(`/tickets/${ticket.id}`, { cookie: carol.cookie })).text()
    expect(page).toContain('Customer is here now')
    t.clock.advance(15_001)
    expect(await agentSees()).toBe(false)
    await t.post(`${link}/heartbeat`, { client: 'customer-tab-1' })
    expect(await agentSees()).toBe(true)
    expect((await t.post(`${link}/leave`, { client: 'customer-tab-1' })).status).toBe(204)
    expect(await agentSees()).toBe(false)
  })

  it('answers the customer poll with the thread, naming only agents who replied', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const dan = await t.signIn('Dan')
    const { ticket, link } = await customerWritesIn(t)
    await t.post(`/tickets/${ticket.id}/heartbeat`, { client: 'tab-dan-1' }, { cookie: dan.cookie })
    await t.post(
      `/tickets/${ticket.id}/reply`,
      { body: 'Hello from support' },
      { cookie: carol.cookie },
    )
    const fragment = await (
      await t.post(
        `${link}/heartbeat`,
        { client: 'customer-tab-1' },
        { headers: { 'hx-request': 'true' } },
      )
    ).text()
    expect(fragment).toMatch(/^<section id="thread"/)
    expect(fragment).toContain('Hello from support')
    expect(fragment).toContain('Carol')
    expect(fragment).not.toContain('Dan')
    const body = await (
      await t.post(`${link}/heartbeat`, { client: 'customer-tab-1' }, { headers: json })
    ).json()
    expect(body.status).toBe('waiting')
    expect(body.messages.map((m: { from: string }) => m.from)).toEqual(['you', 'Carol'])
    expect(JSON.stringify(body)).not.toContain('Dan')
  })

  it('answers 404 to a poll with a wrong token and 422 without a tab id', async () => {
    const t = testApp()
    const { link } = await customerWritesIn(t)
    expect(
      (
        await t.post('/requests/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB/heartbeat', {
          client: 'customer-tab-1',
        })
      ).status,
    ).toBe(404)
    expect((await t.post(`${link}/heartbeat`, {})).status).toBe(422)
  })
})
