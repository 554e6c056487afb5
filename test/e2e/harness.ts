import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { addAgent } from '../../src/agents/agents.js'
import { systemClock } from '../../src/clock.js'
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js'
import { FAST_SCRYPT } from '../factories.js'
import { startServerProcess, type ServerProcess } from '../support/server-process.js'

/** Where every run writes its screenshots (named in README.md). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots')

export const INTERVAL_MS = 800
export const TTL_MS = 1600

export type Desk = {
  url: string
  db: Db
  browser: Browser
  server: ServerProcess
  stop(): Promise<void>
  /** A fresh browser context signed in as a new agent. */
  agent(name: string): Promise<{ context: BrowserContext; page: Page }>
}

/** Starts the real server on a temporary database with a short interval, and Chromium. */
export async function startDesk(): Promise<Desk> {
  const dir = mkdtempSync(join(tmpdir(), 'heartdesk-e2e-'))
  const databasePath = join(dir, 'desk.sqlite')
  // The sources, not the build: the browser tests check the code as written.
  const server = await startServerProcess(
    databasePath,
    { HEARTBEAT_INTERVAL_MS: String(INTERVAL_MS), PRESENCE_TTL_MS: String(TTL_MS) },
    'src',
  )
  const db = openDatabase(databasePath)
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const url = server.url
  let seq = 0

  return {
    url,
    db,
    browser,
    server,
    async agent(name) {
      seq += 1
      const email = `agent${seq}@example.com`
      await addAgent(db, systemClock, { email, name, password: 'e2e password 123' }, FAST_SCRYPT)
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      const page = await context.newPage()
      await page.goto(`${url}/login`)
      await page.fill('#f-email', email)
      await page.fill('#f-password', 'e2e password 123')
      await Promise.all([page.waitForURL(`${url}/queue`), page.click('button[type=submit]')])
      return { context, page }
    },
    async stop() {
      await browser.close()
      closeDatabase(db)
      server.child.kill('SIGTERM')
      await server.exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
