import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRequest } from '../../src/tickets/tickets.js'
import { systemClock } from '../../src/clock.js'
import { INTERVAL_MS, SCREENSHOT_DIR, startDesk, TTL_MS, type Desk } from './harness.js'

// Presence is a browser feature, so these drive real Chromium against the real server.
describe('presence in real browsers', () => {
  let desk: Desk
  beforeAll(async () => {
    desk = await startDesk()
  })
  afterAll(async () => {
    await desk?.stop()
  })

  const newTicket = (subject: string) =>
    createRequest(desk.db, systemClock, {
      name: 'Zoë Customer',
      email: 'zoe@example.com',
      subject,
      message: 'The export button does nothing.',
    })

  it('shows two agents each other, "replying" while typing, and drops them when they leave', async () => {
    const ticket = newTicket('Export is broken')
    const ann = await desk.agent('Ann Archer')
    const ben = await desk.agent('Ben Baker')
    const carl = await desk.agent('Carl Cole')
    const row = carl.page.locator(`tr[data-ticket-id="${ticket.id}"]`)
    await expect.poll(() => row.getAttribute('data-status')).toBe('available')

    await ann.page.goto(`${desk.url}/tickets/${ticket.id}`)
    await expect
      .poll(() => row.getAttribute('data-status'), { timeout: INTERVAL_MS * 3 })
      .toBe('viewing')
    await ben.page.goto(`${desk.url}/tickets/${ticket.id}`)

    const annSees = ann.page.locator('#presence .also-here')
    const benSees = ben.page.locator('#presence .also-here')
    await expect
      .poll(() => annSees.textContent(), { timeout: INTERVAL_MS * 2 })
      .toContain('Ben Baker — viewing')
    await expect
      .poll(() => benSees.textContent(), { timeout: INTERVAL_MS * 2 })
      .toContain('Ann Archer — viewing')
    await ann.page.screenshot({
      path: join(SCREENSHOT_DIR, 'ticket-two-viewers.png'),
      fullPage: true,
    })
    await carl.page.screenshot({ path: join(SCREENSHOT_DIR, 'queue.png'), fullPage: true })

    await ann.page.locator('#reply-body').pressSequentially('Looking into it')
    await expect
      .poll(() => benSees.textContent(), { timeout: INTERVAL_MS * 2 })
      .toContain('Ann Archer — replying')
    // A poll landing while Ann types must not touch her draft.
    await ann.page.waitForTimeout(INTERVAL_MS * 1.5)
    expect(await ann.page.locator('#reply-body').inputValue()).toBe('Looking into it')

    // Closing the tab sends the leave beacon: gone well before the TTL.
    await ann.page.close({ runBeforeUnload: true })
    await expect
      .poll(() => benSees.textContent(), { timeout: INTERVAL_MS * 1.5 })
      .not.toContain('Ann Archer')

    // A lost network sends no beacon: the TTL removes the tab.
    await ben.context.setOffline(true)
    const lostAt = Date.now()
    await ben.page.close({ runBeforeUnload: true })
    await expect
      .poll(() => row.getAttribute('data-status'), { timeout: TTL_MS + INTERVAL_MS * 2 })
      .toBe('available')
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(INTERVAL_MS / 2)
    await Promise.all([ann.context.close(), ben.context.close(), carl.context.close()])
  })

  it('gives a ticket to exactly one of two agents who click Claim at once', async () => {
    const ticket = newTicket('Double charge')
    const dora = await desk.agent('Dora Dunn')
    const eli = await desk.agent('Eli Evans')
    await Promise.all([
      dora.page.goto(`${desk.url}/tickets/${ticket.id}`),
      eli.page.goto(`${desk.url}/tickets/${ticket.id}`),
    ])
    await Promise.all([dora.page.click('form.claim button'), eli.page.click('form.claim button')])
    await Promise.all([dora.page.waitForLoadState(), eli.page.waitForLoadState()])
    const texts = [await dora.page.textContent('body'), await eli.page.textContent('body')]
    const winners = texts.filter((t) => t?.includes('You have this one.'))
    const losers = texts.filter((t) => /(Dora Dunn|Eli Evans) already has this one\./.test(t ?? ''))
    expect(winners).toHaveLength(1)
    expect(losers).toHaveLength(1)
    await Promise.all([dora.context.close(), eli.context.close()])
  })

  it('announces arrivals, shows a hidden tab as away, and says "Reconnecting…" while offline', async () => {
    const ticket = newTicket('Slow dashboard')
    const gil = await desk.agent('Gil Grant')
    const hal = await desk.agent('Hal Hart')
    await gil.page.goto(`${desk.url}/tickets/${ticket.id}`)
    await hal.page.goto(`${desk.url}/tickets/${ticket.id}`)
    const announcer = gil.page.locator('#announcer')
    expect(await announcer.getAttribute('aria-live')).toBe('polite')
    await expect
      .poll(() => announcer.textContent(), { timeout: INTERVAL_MS * 3 })
      .toContain('Hal Hart is now viewing')

    // Keyboard focus on Claim survives the polls that replace the presence panel.
    await gil.page.focus('#claim-button')
    await gil.page.waitForTimeout(INTERVAL_MS * 1.5)
    expect(await gil.page.evaluate(() => document.activeElement?.id)).toBe('claim-button')

    const hide = (hidden: boolean) =>
      hal.page.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', {
          value: h ? 'hidden' : 'visible',
          configurable: true,
        })
        document.dispatchEvent(new Event('visibilitychange'))
      }, hidden)
    await hide(true)
    const gilSees = gil.page.locator('#presence .also-here')
    await expect
      .poll(() => gilSees.textContent(), { timeout: INTERVAL_MS * 3 })
      .toContain('Hal Hart — away')
    await hide(false)
    // Shown again, the tab beats at once rather than at its next tick.
    await expect
      .poll(() => gilSees.textContent(), { timeout: INTERVAL_MS * 2 })
      .toContain('Hal Hart — viewing')

    await gil.context.setOffline(true)
    await expect
      .poll(() => gil.page.isVisible('#connection'), { timeout: INTERVAL_MS * 3 })
      .toBe(true)
    expect(await gil.page.textContent('#connection')).toContain('Reconnecting…')
    await gil.context.setOffline(false)
    await expect
      .poll(() => gil.page.isVisible('#connection'), { timeout: INTERVAL_MS * 3 })
      .toBe(false)
    await Promise.all([gil.context.close(), hal.context.close()])
  })

  it('keeps scroll position and keyboard focus on the queue across polls', async () => {
    const created = Array.from({ length: 40 }, (_, i) => newTicket(`Bulk ticket ${i}`))
    const ivy = await desk.agent('Ivy Irwin')
    await ivy.page.setViewportSize({ width: 1280, height: 600 })
    await ivy.page.reload()
    const target = created[30]!.id
    await ivy.page.focus(`#ticket-link-${target}`)
    const scrolled = await ivy.page.evaluate(() => window.scrollY)
    expect(scrolled).toBeGreaterThan(0)
    // Two polls replace the queue under the agent's eyes.
    await ivy.page.waitForTimeout(INTERVAL_MS * 2.5)
    expect(await ivy.page.evaluate(() => window.scrollY)).toBe(scrolled)
    expect(await ivy.page.evaluate(() => document.activeElement?.id)).toBe(`ticket-link-${target}`)
    await ivy.context.close()
  })
})
