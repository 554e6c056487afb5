import { describe, expect, it } from 'vitest'
import { agents, sessions } from '../../src/db/schema.js'
import { createAgent, PASSWORD } from '../factories.js'
import { testApp } from '../support/app.js'

const login = (t: ReturnType<typeof testApp>, email: string, password: string) =>
  t.post('/login', { email, password })

describe('sign-in and sessions', () => {
  it('signs in with the right password: 303 to the queue and an HttpOnly, SameSite=Lax cookie', async () => {
    const t = testApp()
    await createAgent(t.db, t.clock, { email: 'ann@example.com', name: 'Ann' })
    const res = await login(t, 'Ann@Example.com', PASSWORD)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/queue')
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^heartdesk=[A-Za-z0-9_-]{43};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).not.toContain('Secure')
    const queue = await t.get('/queue', { cookie: cookie.split(';')[0] })
    expect(queue.status).toBe(200)
    expect(await queue.text()).toContain('Ann')
  })

  it('issues a fresh token at each sign-in and stores only its hash', async () => {
    const t = testApp()
    await createAgent(t.db, t.clock, { email: 'ann@example.com' })
    const a = (await login(t, 'ann@example.com', PASSWORD)).headers.get('set-cookie')!
    const b = (await login(t, 'ann@example.com', PASSWORD)).headers.get('set-cookie')!
    const tokenA = a.split(';')[0]!.split('=')[1]!
    expect(tokenA).not.toBe(b.split(';')[0]!.split('=')[1])
    const stored = t.db
      .select()
      .from(sessions)
      .all()
      .map((s) => s.id)
    expect(stored).toHaveLength(2)
    expect(stored).not.toContain(tokenA)
  })

  it('answers a wrong password and an unknown email alike: 401, no cookie, email kept', async () => {
    const t = testApp()
    await createAgent(t.db, t.clock, { email: 'ann@example.com' })
    for (const res of [
      await login(t, 'ann@example.com', 'wrong password'),
      await login(t, 'nobody@example.com', PASSWORD),
    ]) {
      expect(res.status).toBe(401)
      expect(res.headers.get('set-cookie')).toBeNull()
      expect(await res.text()).toContain('Wrong email or password.')
    }
    expect(t.db.select().from(sessions).all()).toEqual([])
  })

  it('refuses a disabled agent', async () => {
    const t = testApp()
    await createAgent(t.db, t.clock, { email: 'ann@example.com', disabledAt: 1 })
    expect((await login(t, 'ann@example.com', PASSWORD)).status).toBe(401)
  })

  it('ends the session at logout: the old cookie no longer works anywhere', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const res = await t.post('/logout', {}, { cookie: ann.cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login')
    expect((await t.get('/queue', { cookie: ann.cookie })).status).toBe(303)
    expect(
      (await t.post('/queue/heartbeat', { client: 'tab-ann-1' }, { cookie: ann.cookie })).status,
    ).toBe(401)
  })

  it('redirects agent pages to the login form without a session', async () => {
    const t = testApp()
    for (const path of ['/queue', '/tickets/1']) {
      const res = await t.get(path)
      expect(res.status, path).toBe(303)
      expect(res.headers.get('location')).toBe('/login')
    }
  })

  it('ends a session idle longer than SESSION_IDLE_MS, even if its tab kept polling', async () => {
    const t = testApp({ sessionIdleMs: 60 * 60 * 1000 })
    const ann = await t.signIn('Ann')
    for (let i = 0; i < 6; i++) {
      t.clock.advance(10 * 60 * 1000)
      expect(
        (await t.post('/queue/heartbeat', { client: 'tab-ann-q' }, { cookie: ann.cookie })).status,
      ).toBe(200)
    }
    t.clock.advance(10 * 60 * 1000 + 1)
    expect(
      (await t.post('/queue/heartbeat', { client: 'tab-ann-q' }, { cookie: ann.cookie })).status,
    ).toBe(401)
  })

  it('keeps a session alive while the agent loads pages', async () => {
    const t = testApp({ sessionIdleMs: 60 * 60 * 1000 })
    const ann = await t.signIn('Ann')
    for (let i = 0; i < 5; i++) {
      t.clock.advance(50 * 60 * 1000)
      expect((await t.get('/queue', { cookie: ann.cookie })).status).toBe(200)
    }
  })
})

describe('first-run setup link', () => {
  it('creates the first agent, signs them in, and then stops working', async () => {
    const t = testApp({ setupToken: 'setup-token-abcdefghijklmnopqrstuv' })
    expect((await t.get('/setup/setup-token-abcdefghijklmnopqrstuv')).status).toBe(200)
    expect((await t.get('/setup/wrong-token-abcdefghijklmnopqrstuv')).status).toBe(404)
    const res = await t.post('/setup/setup-token-abcdefghijklmnopqrstuv', {
      name: 'Ann',
      email: 'ann@example.com',
      password: 'a long enough password',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('set-cookie')).toMatch(/^heartdesk=/)
    expect((await t.get('/setup/setup-token-abcdefghijklmnopqrstuv')).status).toBe(404)
    expect((await login(t, 'ann@example.com', 'a long enough password')).status).toBe(303)
  })

  it('creates exactly one agent when the link is posted twice at once', async () => {
    const t = testApp({ setupToken: 'setup-token-abcdefghijklmnopqrstuv' })
    const post = (email: string) =>
      t.post('/setup/setup-token-abcdefghijklmnopqrstuv', {
        name: 'Ann',
        email,
        password: 'a long enough password',
      })
    const statuses = (await Promise.all([post('a@example.com'), post('b@example.com')])).map(
      (r) => r.status,
    )
    expect(statuses.sort()).toEqual([303, 404])
    expect(t.db.select().from(agents).all()).toHaveLength(1)
  })

  it('does not exist without a token', async () => {
    const t = testApp()
    expect((await t.get('/setup/anything')).status).toBe(404)
  })
})
