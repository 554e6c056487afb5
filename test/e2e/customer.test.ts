import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tickets } from '../../src/db/schema.js'
import { eq } from 'drizzle-orm'
import { INTERVAL_MS, SCREENSHOT_DIR, startDesk, type Desk } from './harness.js'

describe('a customer in a real browser', () => {
  let desk: Desk
  beforeAll(async () => {
    desk = await startDesk()
  })
  afterAll(async () => {
    await desk?.stop()
  })

  async function agentReplies(subject: string, body: string) {
    const ticket = desk.db.select().from(tickets).where(eq(tickets.subject, subject)).get()!
    const { page, context } = await desk.agent('Fay Fox')
    await page.goto(`${desk.url}/tickets/${ticket.id}`)
    await page.fill('#reply-body', body)
    await Promise.all([
      page.waitForURL(`${desk.url}/tickets/${ticket.id}`),
      page.click('.reply-form button[type=submit]'),
    ])
    await context.close()
  }

  it('writes in with JavaScript off and reads the reply after a reload', async () => {
    const context = await desk.browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${desk.url}/`)
    // First a mistake: the form comes back with the input kept.
    await page.fill('#f-name', 'Gus Green')
    await page.fill('#f-email', 'not an email')
    await page.fill('#f-subject', 'Cannot export (no JS)')
    await page.fill('#f-message', 'The export button does nothing.')
    await page.click('button[type=submit]')
    expect(await page.textContent('.field-error')).toContain('valid email')
    expect(await page.inputValue('#f-message')).toBe('The export button does nothing.')
    await page.fill('#f-email', 'gus@example.com')
    await page.click('button[type=submit]')
    await page.waitForURL(/\/requests\/[A-Za-z0-9_-]{32}$/)
    const link = page.url()
    expect(await page.textContent('#thread')).toContain('The export button does nothing.')

    await agentReplies('Cannot export (no JS)', 'Try the CSV option for now.')
    expect(await page.textContent('#thread')).not.toContain('Try the CSV option')
    await page.reload()
    expect(await page.textContent('#thread')).toContain('Try the CSV option for now.')
    expect(await page.textContent('#thread')).toContain('Fay Fox')

    // A follow-up from a no-referrer page still passes the same-origin check.
    await page.fill('#f-message', 'CSV works, thanks!')
    await page.click('.reply-form button[type=submit]')
    await page.waitForURL(link)
    expect(await page.textContent('#thread')).toContain('CSV works, thanks!')
    await context.close()
  })

  it('sees the reply appear on its own with JavaScript on, and agents see the customer is here', async () => {
    const context = await desk.browser.newContext({ viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto(`${desk.url}/`)
    await page.fill('#f-name', 'Hana Hill')
    await page.fill('#f-email', 'hana@example.com')
    await page.fill('#f-subject', 'Password reset mail never arrives')
    await page.fill('#f-message', 'Checked spam too.')
    await page.click('button[type=submit]')
    await page.waitForURL(/\/requests\//)

    const ticket = desk.db
      .select()
      .from(tickets)
      .where(eq(tickets.subject, 'Password reset mail never arrives'))
      .get()!
    const agent = await desk.agent('Ida Ives')
    await agent.page.goto(`${desk.url}/tickets/${ticket.id}`)
    await expect
      .poll(() => agent.page.textContent('#presence'), { timeout: INTERVAL_MS * 3 })
      .toContain('Customer is here now')
    await agent.page.fill('#reply-body', 'Sent a new link just now.')
    await agent.page.click('.reply-form button[type=submit]')

    await expect
      .poll(() => page.textContent('#thread'), { timeout: INTERVAL_MS * 3 })
      .toContain('Sent a new link just now.')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'customer.png'), fullPage: true })
    await context.close()
    await agent.context.close()
  })
})
