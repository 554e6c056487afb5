import { describe, expect, it } from 'vitest'
import { disableAgent } from '../../src/agents/agents.js'
import { sessions } from '../../src/db/schema.js'
import { createAgent, PASSWORD } from '../factories.js'
import { testApp } from '../support/app.js'

const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? ''
const sessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('heartdesk=') || c.startsWith('__Host-heartdesk='))!

describe('sessions under attack', () => {
  it('uses a __Host- prefixed, Secure cookie when served over https', async () => {
    const t = testApp({ publicOrigin: 'https://desk.example.com' })
    await createAgent(t.db, t.clock, { email: 'ann@example.com' })
    const res = await t.app.request('https://desk.example.com/login', {
      method: 'POST',
      body: new URLSearchParams({ email: 'ann@example.com', password: PASSWORD }).toString(),
      headers: {
        origin: 'https://desk.example.com',
        'content-type': 'application/x-www-form-urlencoded',
      },
    })
    expect(res.status).toBe(303)
    const cookie = sessionCookie(res)
    expect(cookie).toMatch(/^__Host-heartdesk=[A-Za-z0-9_-]{43}; /)
    expect(cookie).toContain('Path=/')
    expect(cookie).toContain('Secure')
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).not.toContain('Domain=')
  })

  it('ignores a session cookie that was never issued, and a forged one for a real agent id', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    for (const cookie of [
      'heartdesk=',
      'heartdesk=AAAA',
      `heartdesk=${ann.agent.id}`,
      'heartdesk=1; agent=1',
    ]) {
      expect((await t.get('/queue', { cookie })).status).toBe(303)
      expect((await t.post('/queue/heartbeat', { client: 'tab-evil-1' }, { cookie })).status).toBe(
        401,
      )
    }
  })

  it('ends every session of the agent at logout', async () => {
    const t = testApp()
    await createAgent(t.db, t.clock, { email: 'ann@example.com' })
    const login = () => t.post('/login', { email: 'ann@example.com', password: PASSWORD })
    const laptop = sessionCookie(await login()).split(';')[0]!
    const phone = sessionCookie(await login()).split(';')[0]!
    expect((await t.get('/queue', { cookie: laptop })).status).toBe(200)
    await t.post('/logout', {}, { cookie: phone })
    expect((await t.get('/queue', { cookie: laptop })).status).toBe(303)
    expect((await t.get('/queue', { cookie: phone })).status).toBe(303)
    expect(t.db.select().from(sessions).all()).toEqual([])
  })

  it('ends every session at once when the agent is disabled', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    expect(disableAgent(t.db, t.clock, ann.agent.email)).toBe(true)
    expect((await t.get('/queue', { cookie: ann.cookie })).status).toBe(303)
    expect(
      (await t.post('/queue/heartbeat', { client: 'tab-ann-1' }, { cookie: ann.cookie })).status,
    ).toBe(401)
  })

  it('ends a session after its absolute lifetime, however active', async () => {
    const t = testApp({ sessionIdleMs: 60 * 60 * 1000, sessionMaxAgeMs: 3 * 60 * 60 * 1000 })
    const ann = await t.signIn('Ann')
    for (let i = 0; i < 6; i++) {
      t.clock.advance(30 * 60 * 1000)
      expect((await t.get('/queue', { cookie: ann.cookie })).status).toBe(200)
    }
    t.clock.advance(1)
    expect((await t.get('/queue', { cookie: ann.cookie })).status).toBe(303)
  })

  it('keeps the session id out of the URL and the page', async () => {
    const t = testApp()
    const ann = await t.signIn('Ann')
    const token = ann.cookie.split('=')[1]!
    const html = await (await t.get('/queue', { cookie: ann.cookie })).text()
    expect(html).not.toContain(token)
    expect(cookieOf(await t.get('/queue', { cookie: ann.cookie }))).toBe('')
  })
})

describe('sign-in throttle', () => {
  const attempt = (t: ReturnType<typeof testApp>, password: string, cookie?: string) =>
    t.post('/login', { email: 'ann@example.com', password }, cookie ? { cookie } : {})

  it('answers 429 after 5 wrong passwords in a minute, even to the right one, then lets it through', async () => {
    const t = testApp()
    await createAgent(t.db, t.clock, { email: 'ann@example.com' })
    for (let i = 0; i < 5; i++) expect((await attempt(t, `guess ${i}`)).status).toBe(401)
    const blocked = await attempt(t, PASSWORD)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await blocked.text()).toContain('Too many sign-in attempts.')
    expect(t.db.select().from(sessions).all()).toEqual([])
    t.clock.advance(60_000)
    expect((await attempt(t, PASSWORD)).status).toBe(303)
  })

  it('answers the same for an unknown account, so the throttle reveals nothing', async () => {
    const t = testApp()
    const statuses = []
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.post('/login', { email: 'ghost@example.com', password: 'x' })).status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
  })

  it('does not lock out the agent’s own browser while an attacker hammers the account', async () => {
    const t = testApp()
    await createAgent(t.db, t.clock, { email: 'ann@example.com' })
    const first = await attempt(t, PASSWORD)
    const device = first.headers.getSetCookie().find((c) => c.startsWith('heartdesk_device='))!
    expect(device).toContain('HttpOnly')
    const deviceCookie = device.split(';')[0]!
    for (let i = 0; i < 10; i++) await attempt(t, `attacker guess ${i}`)
    expect((await attempt(t, PASSWORD)).status).toBe(429)
    expect((await attempt(t, PASSWORD, deviceCookie)).status).toBe(303)
  })

  it('rejects a forged device cookie', async () => {
    const t = testApp()
    await createAgent(t.db, t.clock, { email: 'ann@example.com' })
    for (let i = 0; i < 5; i++) await attempt(t, `guess ${i}`)
    const forged = 'heartdesk_device=ann%40example.com.c2lnbmF0dXJl'
    expect((await attempt(t, PASSWORD, forged)).status).toBe(429)
  })
})
