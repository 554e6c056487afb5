import { connect } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { messages, presence, tickets } from '../../src/db/schema.js'
import { serverOptions } from '../../src/http/server-options.js'
import { createTicket } from '../factories.js'
import { ORIGIN, testApp, type TestApp } from '../support/app.js'

const form = 'application/x-www-form-urlencoded'

/** Everything an attack could have written, to prove it wrote nothing. */
const snapshot = (t: TestApp) => ({
  tickets: t.db.select().from(tickets).all(),
  messages: t.db.select().from(messages).all(),
  presence: t.db.select().from(presence).all(),
})

describe('cross-site requests', () => {
  it('refuses every state-changing request from another origin, whatever its Content-Type', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ticket = createTicket(t.db, t.clock)
    const before = snapshot(t)
    const variants: Record<string, string>[] = [
      {},
      { 'content-type': form },
      { 'content-type': form.toUpperCase() },
      { 'content-type': 'text/plain' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/json' },
    ]
    const paths = [
      `/tickets/${ticket.id}/claim`,
      `/tickets/${ticket.id}/reply`,
      `/tickets/${ticket.id}/heartbeat`,
      `/tickets/${ticket.id}/resolve`,
      '/logout',
      '/requests',
      `/requests/${ticket.token}/messages`,
    ]
    for (const path of paths) {
      for (const headers of variants) {
        const senders: Record<string, string>[] = [
          { origin: 'https://evil.example' },
          { origin: 'null' },
          { origin: 'null', 'sec-fetch-site': 'cross-site' },
          { 'sec-fetch-site': 'same-site' },
          {},
        ]
        for (const from of senders) {
          const res = await t.app.request(path, {
            method: 'POST',
            body: 'body=pwned&message=pwned&client=tab-evil-1',
            headers: { ...headers, ...from, cookie: ann.cookie },
          })
          expect(res.status, `${path} ${JSON.stringify({ ...headers, ...from })}`).toBe(403)
        }
      }
    }
    expect(snapshot(t)).toEqual(before)
  })

  it('lets same-origin htmx posts and sendBeacon leaves through', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ticket = createTicket(t.db, t.clock)
    const htmx = await t.app.request(`/tickets/${ticket.id}/heartbeat`, {
      method: 'POST',
      body: 'client=tab-ann-1&state=viewing',
      headers: {
        origin: ORIGIN,
        'hx-request': 'true',
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        cookie: ann.cookie,
      },
    })
    expect(htmx.status).toBe(200)
    // sendBeacon(url, URLSearchParams) sends this Content-Type with Sec-Fetch-Site: same-origin.
    const beacon = await t.app.request(`/tickets/${ticket.id}/leave`, {
      method: 'POST',
      body: 'client=tab-ann-1',
      headers: {
        origin: ORIGIN,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
        cookie: ann.cookie,
      },
    })
    expect(beacon.status).toBe(204)
    expect(t.db.select().from(presence).all()).toEqual([])
  })

  it('accepts a form posted from the customer page, whose no-referrer policy makes Origin null', async () => {
    const t = testApp()
    const ticket = createTicket(t.db, t.clock)
    const res = await t.app.request(`/requests/${ticket.token}/messages`, {
      method: 'POST',
      body: 'message=Any+news%3F',
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin', 'content-type': form },
    })
    expect(res.status).toBe(303)
    expect(
      t.db
        .select()
        .from(messages)
        .all()
        .map((m) => m.body),
    ).toContain('Any news?')
  })
})

describe('identity', () => {
  it('never lets a heartbeat place another agent on a page', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ben = await t.signIn('Ben')
    const ticket = createTicket(t.db, t.clock)
    await t.post(
      `/tickets/${ticket.id}/heartbeat?agentId=${ben.agent.id}`,
      {
        client: 'tab-ann-1',
        agentId: String(ben.agent.id),
        agent: 'Ben',
        name: 'Ben',
        seen_at: '9999999999999',
      },
      {
        cookie: ann.cookie,
        headers: { 'x-agent-id': String(ben.agent.id), 'x-forwarded-user': 'Ben' },
      },
    )
    expect(t.db.select().from(presence).all()).toEqual([
      expect.objectContaining({ agentId: ann.agent.id, seenAt: t.clock.now() }),
    ])
    await t.post(
      `/tickets/${ticket.id}/leave`,
      { client: 'tab-ann-1', agentId: String(ben.agent.id) },
      { cookie: ben.cookie },
    )
    expect(t.db.select().from(presence).all()).toHaveLength(1)
  })
})

describe('headers', () => {
  it('sends a strict Content-Security-Policy and no inline script or style anywhere', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const ticket = createTicket(t.db, t.clock)
    for (const [path, cookie] of [
      ['/', undefined],
      ['/login', undefined],
      ['/queue', ann.cookie],
      [`/tickets/${ticket.id}`, ann.cookie],
      [`/requests/${ticket.token}`, undefined],
    ] as const) {
      const res = await t.get(path, cookie ? { cookie } : {})
      const csp = res.headers.get('content-security-policy')!
      expect(csp, path).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      const html = await res.text()
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i)
    }
  })

  it('keeps the private link out of referrers, caches and search engines', async () => {
    const t = testApp()
    const ticket = createTicket(t.db, t.clock)
    const responses = [
      await t.get(`/requests/${ticket.token}`),
      await t.post(`/requests/${ticket.token}/messages`, { message: '' }),
      await t.post(`/requests/${ticket.token}/heartbeat`, { client: 'customer-tab-1' }),
    ]
    for (const res of responses) {
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('x-robots-tag')).toContain('noindex')
    }
  })

  it('never writes a customer token to the console', async () => {
    const t = testApp()
    const out: string[] = []
    for (const method of ['log', 'info', 'warn', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...a: unknown[]) => void out.push(a.join(' ')))
    }
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => (out.push(String(chunk)), true))
    const res = await t.post('/requests', {
      name: 'Z',
      email: 'z@example.com',
      subject: 'S',
      message: 'M',
    })
    const link = res.headers.get('location')!
    await t.get(link)
    await t.post(`${link}/messages`, { message: 'again' })
    await t.post(`${link}/heartbeat`, { client: 'customer-tab-1' })
    write.mockRestore()
    const token = link.split('/').at(-1)!
    expect(out.join('\n')).not.toContain(token)
  })
})

describe('access control', () => {
  it('requires a session on every agent route', async () => {
    const t = testApp()
    const ticket = createTicket(t.db, t.clock)
    const before = snapshot(t)
    for (const path of ['/queue', `/tickets/${ticket.id}`]) {
      expect((await t.get(path)).status, path).toBe(303)
    }
    for (const verb of ['heartbeat', 'leave', 'claim', 'release', 'reply', 'resolve', 'reopen']) {
      const res = await t.post(`/tickets/${ticket.id}/${verb}`, {
        client: 'tab-evil-1',
        body: 'hi',
      })
      expect(res.status, verb).toBe(401)
    }
    expect((await t.post('/queue/heartbeat', { client: 'tab-evil-1' })).status).toBe(401)
    expect(snapshot(t)).toEqual(before)
  })

  it('shows a customer only their own ticket, and no agent presence', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const mine = createTicket(t.db, t.clock, { subject: 'Mine' })
    const theirs = createTicket(t.db, t.clock, { subject: 'Theirs' })
    await t.post(`/tickets/${mine.id}/heartbeat`, { client: 'tab-ann-1' }, { cookie: ann.cookie })
    const page = await (await t.get(`/requests/${mine.token}`)).text()
    expect(page).toContain('Mine')
    expect(page).not.toContain('Theirs')
    expect(page).not.toContain(theirs.token)
    expect(page).not.toContain('Ann')
    const poll = await (
      await t.post(
        `/requests/${mine.token}/heartbeat`,
        { client: 'customer-tab-1' },
        { headers: { accept: 'application/json' } },
      )
    ).text()
    expect(poll).not.toContain('Ann')
    expect(poll).not.toContain('viewers')
    // A ticket id is not a token, and a token is not an id.
    expect((await t.get(`/requests/${mine.id}`)).status).toBe(404)
    expect((await t.get(`/tickets/${mine.token}`, { cookie: ann.cookie })).status).toBe(404)
  })
})

describe('bad input changes nothing', () => {
  it('answers oversized bodies with 413, with or without Content-Length', async () => {
    const t = testApp()
    const ticket = createTicket(t.db, t.clock)
    const before = snapshot(t)
    const big = `message=${'a'.repeat(200_000)}`
    const sized = await t.post(`/requests/${ticket.token}/messages`, {
      message: 'a'.repeat(200_000),
    })
    expect(sized.status).toBe(413)
    const chunks = new TextEncoder().encode(big)
    const chunked = await t.app.request(`/requests/${ticket.token}/messages`, {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < chunks.length; i += 8192)
            controller.enqueue(chunks.slice(i, i + 8192))
          controller.close()
        },
      }),
      headers: { origin: ORIGIN, 'content-type': form },
      // @ts-expect-error Node's fetch needs this for a streamed body
      duplex: 'half',
    })
    expect(chunked.status).toBe(413)
    expect(snapshot(t)).toEqual(before)
  })

  it('answers invalid UTF-8, NUL bytes and thousands of fields with 400', async () => {
    const t = testApp()
    const ticket = createTicket(t.db, t.clock)
    const before = snapshot(t)
    const bodies: BodyInit[] = [
      new Uint8Array([...new TextEncoder().encode('message='), 0xff, 0xfe, 0x41]),
      'message=%FF%FEhello',
      'message=%C3%28',
      'message=hello%00world',
      Array.from({ length: 5000 }, (_, i) => `f${i}=x`).join('&'),
    ]
    for (const body of bodies) {
      const res = await t.app.request(`/requests/${ticket.token}/messages`, {
        method: 'POST',
        body,
        headers: { origin: ORIGIN, 'content-type': form },
      })
      expect(res.status, String(body).slice(0, 30)).toBe(400)
      expect(await res.text()).toContain('That request was not understood')
    }
    expect(snapshot(t)).toEqual(before)
  })

  it('answers a body that is not a form with 415', async () => {
    const t = testApp()
    const res = await t.app.request('/requests', {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
    })
    expect(res.status).toBe(415)
    expect(t.db.select().from(tickets).all()).toEqual([])
  })

  it('answers negative, fractional, huge and non-numeric ids with 404, never 5xx', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    for (const id of [
      '-1',
      '0',
      '1.5',
      '1e3',
      'abc',
      '99999999999999999999',
      '%00',
      '1%20OR%201=1',
      "1'--",
    ]) {
      const page = await t.get(`/tickets/${id}`, { cookie: ann.cookie })
      expect(page.status, id).toBe(404)
      const claim = await t.post(`/tickets/${id}/claim`, {}, { cookie: ann.cookie })
      expect(claim.status, id).toBe(404)
    }
  })
})

const payloads = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<div hx-get="/logout" hx-trigger="load">x</div>',
  'javascript:alert(1)',
  "'><svg onload=alert(1)>",
]

describe('cross-site scripting', () => {
  it('renders hostile customer and agent text as text in pages and poll fragments', async () => {
    const t = testApp()
    const ann = await t.signIn(payloads[1]!)
    const res = await t.post('/requests', {
      name: payloads[0]!,
      email: 'x@example.com',
      subject: payloads.join(' '),
      message: payloads.join('\n'),
    })
    const link = res.headers.get('location')!
    const id = t.db.select().from(tickets).all()[0]!.id
    await t.post(`/tickets/${id}/reply`, { body: payloads.join('\n') }, { cookie: ann.cookie })
    await t.post(`${link}/messages`, { message: payloads.join(' ') })
    await t.post(
      `/tickets/${id}/heartbeat`,
      { client: 'tab-ann-1', state: 'replying' },
      { cookie: ann.cookie },
    )
    const htmx = { 'hx-request': 'true' }
    const rendered = [
      await (await t.get(`/tickets/${id}`, { cookie: ann.cookie })).text(),
      await (await t.get('/queue', { cookie: ann.cookie })).text(),
      await (
        await t.post(
          `/tickets/${id}/heartbeat`,
          { client: 'tab-ann-2' },
          { cookie: ann.cookie, headers: htmx },
        )
      ).text(),
      await (
        await t.post(
          '/queue/heartbeat',
          { client: 'tab-ann-3' },
          { cookie: ann.cookie, headers: htmx },
        )
      ).text(),
      await (await t.get(link)).text(),
      await (
        await t.post(`${link}/heartbeat`, { client: 'customer-tab-1' }, { headers: htmx })
      ).text(),
    ]
    for (const html of rendered) {
      expect(html).not.toContain('<script>alert')
      expect(html).not.toMatch(/<img src=x/i)
      expect(html).not.toMatch(/<svg/i)
      expect(html).not.toMatch(/<div hx-get="\/logout"/)
      expect(html).not.toMatch(/href="javascript:/i)
      // Escaped text and quoted attribute values may say onerror=; a real attribute never does.
      const tags = html.replace(/"[^"]*"/g, '""')
      expect(tags).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i)
      // The only htmx-driven element is our own heartbeat form.
      const htmxTags = tags.match(/<[a-z][^>]*\shx-[a-z]+=[^>]*>/gi) ?? []
      for (const tag of htmxTags) expect(tag).toMatch(/^<form id="" hx-post=""/)
    }
    expect(rendered[0]).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(rendered[5]).toContain('&lt;div hx-get=&quot;/logout&quot;')
  })
})

describe('slow clients', () => {
  let server: ServerType | undefined
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())))

  it('drops a client that trickles its headers (slowloris) and refuses huge headers', async () => {
    const t = testApp()
    server = serve({
      fetch: t.app.fetch,
      port: 0,
      hostname: '127.0.0.1',
      serverOptions: serverOptions({ headersTimeoutMs: 300, requestTimeoutMs: 600 }),
    })
    await new Promise((r) => server!.once('listening', r))
    const { port } = server.address() as { port: number }

    const closed = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'),
      )
      let received = ''
      let ticks = 0
      const drip = setInterval(() => {
        if (++ticks > 40) return resolve('still open after 40 drips')
        socket.write(`X-Slow-${ticks}: y\r\n`)
      }, 100)
      socket.on('data', (d) => (received += d.toString()))
      socket.on('close', () => {
        clearInterval(drip)
        resolve(received.split('\r\n')[0] ?? '')
      })
      socket.on('error', () => undefined)
    })
    expect(closed).toMatch(/^(HTTP\/1.1 408 .*|)$/)

    const huge = await fetch(`http://127.0.0.1:${port}/healthz`, {
      headers: { 'x-big': 'a'.repeat(20_000) },
    })
    expect(huge.status).toBe(431)
  })
})
