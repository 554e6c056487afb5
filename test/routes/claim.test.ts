import { describe, expect, it } from 'vitest'
import { findTicket } from '../../src/tickets/tickets.js'
import { createTicket } from '../factories.js'
import { testApp } from '../support/app.js'

describe('POST /tickets/:id/claim', () => {
  it('gives the ticket to exactly one of many simultaneous claimers; the rest get 409 naming the holder', async () => {
    const t = testApp()
    const agents = await Promise.all(Array.from({ length: 25 }, (_, i) => t.signIn(`Agent ${i}`)))
    const ticket = createTicket(t.db, t.clock)
    const responses = await Promise.all(
      agents.map((a) => t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: a.cookie })),
    )
    const winners = responses.filter((r) => r.status === 303)
    const losers = responses.filter((r) => r.status === 409)
    expect(winners).toHaveLength(1)
    expect(losers).toHaveLength(24)
    const holderId = findTicket(t.db, ticket.id)?.claimedBy
    const holder = agents.find((a) => a.agent.id === holderId)!
    for (const res of losers)
      expect(await res.text()).toContain(`${holder.agent.name} already has this one.`)
  })

  it('redirects the winner back to the ticket, which then shows them as holder', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const ticket = createTicket(t.db, t.clock)
    const res = await t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: carol.cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/tickets/${ticket.id}`)
    const page = await (await t.get(`/tickets/${ticket.id}`, { cookie: carol.cookie })).text()
    expect(page).toContain('You have this one.')
  })

  it('answers 409 with the holder as JSON when asked', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const dan = await t.signIn('Dan')
    const ticket = createTicket(t.db, t.clock)
    await t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: carol.cookie })
    const res = await t.post(
      `/tickets/${ticket.id}/claim`,
      {},
      { cookie: dan.cookie, headers: { accept: 'application/json' } },
    )
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({
      error: 'Carol already has this one.',
      holder: { id: carol.agent.id, name: 'Carol' },
    })
  })

  it('lets only the holder release, after which the ticket is available again', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const dan = await t.signIn('Dan')
    const ticket = createTicket(t.db, t.clock)
    await t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: carol.cookie })
    expect((await t.post(`/tickets/${ticket.id}/release`, {}, { cookie: dan.cookie })).status).toBe(
      409,
    )
    expect(findTicket(t.db, ticket.id)?.claimedBy).toBe(carol.agent.id)
    expect(
      (await t.post(`/tickets/${ticket.id}/release`, {}, { cookie: carol.cookie })).status,
    ).toBe(303)
    expect(findTicket(t.db, ticket.id)?.claimedBy).toBeNull()
    expect((await t.post(`/tickets/${ticket.id}/claim`, {}, { cookie: dan.cookie })).status).toBe(
      303,
    )
  })

  it('answers 404 for an unknown ticket, 401 without a session and 403 cross-origin', async () => {
    const t = testApp()
    const carol = await t.signIn('Carol')
    const ticket = createTicket(t.db, t.clock)
    expect((await t.post('/tickets/424242/claim', {}, { cookie: carol.cookie })).status).toBe(404)
    expect((await t.post(`/tickets/${ticket.id}/claim`)).status).toBe(401)
    // No Content-Type at all: a body-less cross-site post must not slip through.
    const cross = await t.app.request(`/tickets/${ticket.id}/claim`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', cookie: carol.cookie },
    })
    expect(cross.status).toBe(403)
    const noOrigin = await t.app.request(`/tickets/${ticket.id}/claim`, {
      method: 'POST',
      headers: { cookie: carol.cookie },
    })
    expect(noOrigin.status).toBe(403)
    const fetchMetadata = await t.app.request(`/tickets/${ticket.id}/claim`, {
      method: 'POST',
      headers: { cookie: carol.cookie, 'sec-fetch-site': 'cross-site' },
    })
    expect(fetchMetadata.status).toBe(403)
    expect(findTicket(t.db, ticket.id)?.claimedBy).toBeNull()
  })
})
