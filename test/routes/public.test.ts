import { describe, expect, it } from 'vitest'
import { messages, tickets } from '../../src/db/schema.js'
import { testApp } from '../support/app.js'

const valid = {
  name: 'Zoë Customer',
  email: 'zoe@example.com',
  subject: 'My invoice is wrong',
  message: 'It says 100 instead of 10.',
}

describe('customer request form', () => {
  it('serves a plain HTML form that works without JavaScript', async () => {
    const t = testApp()
    const html = await (await t.get('/')).text()
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<form method="post" action="/requests"')
    for (const field of ['name', 'email', 'subject', 'message'])
      expect(html).toContain(`name="${field}"`)
  })

  it('creates a ticket with its first message and redirects to an unguessable private link', async () => {
    const t = testApp()
    const res = await t.post('/requests', valid)
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/requests\/[A-Za-z0-9_-]{32}$/)
    const [ticket] = t.db.select().from(tickets).all()
    expect(ticket).toMatchObject({
      customerName: 'Zoë Customer',
      subject: 'My invoice is wrong',
      status: 'open',
      claimedBy: null,
    })
    expect(t.db.select().from(messages).all()).toEqual([
      expect.objectContaining({ ticketId: ticket!.id, body: valid.message, authorAgentId: null }),
    ])
    const page = await (await t.get(location)).text()
    expect(page).toContain('My invoice is wrong')
    expect(page).toContain('It says 100 instead of 10.')
  })

  it('answers 422 with the form, every field explained and the input kept, writing nothing', async () => {
    const t = testApp()
    const res = await t.post('/requests', {
      name: 'Zoë',
      email: 'not-an-email',
      subject: '',
      message: 'Keep me',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Enter a valid email address')
    expect(html).toContain('Subject is required.')
    expect(html).toContain('value="Zoë"')
    expect(html).toContain('value="not-an-email"')
    expect(html).toContain('>Keep me</textarea>')
    expect(t.db.select().from(tickets).all()).toEqual([])
  })

  it('shows customer text escaped', async () => {
    const t = testApp()
    const res = await t.post('/requests', {
      ...valid,
      subject: '<script>alert(1)</script>',
      message: '<img src=x onerror=alert(1)>',
    })
    const html = await (await t.get(res.headers.get('location')!)).text()
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('answers 404 for a wrong token', async () => {
    const t = testApp()
    await t.post('/requests', valid)
    expect((await t.get('/requests/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404)
    expect((await t.get('/requests/short')).status).toBe(404)
  })

  it('limits posts per client address when PUBLIC_RATE_LIMIT is set', async () => {
    const t = testApp({ publicRateLimit: 3 })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await t.post('/requests', valid)).status)
    expect(statuses).toEqual([303, 303, 303, 429, 429])
    expect(t.db.select().from(tickets).all()).toHaveLength(3)
    t.clock.advance(60_000)
    expect((await t.post('/requests', valid)).status).toBe(303)
  })

  it('answers GET /healthz', async () => {
    const t = testApp()
    const res = await t.get('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
  })
})
