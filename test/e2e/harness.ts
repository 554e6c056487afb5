import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { addAgent } from '../../src/agents/agents.js'
import { systemClock } from '../../src/clock.js'
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js'
import { FAST_SCRYPT } from '../factories.js'

/** Where every run writes its screenshots (named in README.md). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots')

export const INTERVAL_MS = 800
export const TTL_MS = 1600

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export type Desk = {
  url: string
  db: Db
  browser: Browser
  server: ChildProcess
  stop(): Promise<void>
  /** A fresh browser context signed in as a new agent. */
  agent(name: string): Promise<{ context: BrowserContext; page: Page }>
}

/** Starts the real server on a temporary database with a short interval, and Chromium. */
export async function startDesk(): Promise<Desk> {
  const dir = mkdtempSync(join(tmpdir(), 'heartdesk-e2e-'))
  const databasePath = join(dir, 'desk.sqlite')
  const port = await freePort()
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      HEARTBEAT_INTERVAL_MS: String(INTERVAL_MS),
      PRESENCE_TTL_MS: String(TTL_MS),
      PUBLIC_RATE_LIMIT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Heartdesk is serving')) {
        clearTimeout(timer)
        resolve()
      }
    }
    server.stdout!.on('data', onData)
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()))
    server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
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
  const url = `http://127.0.0.1:${port}`
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
      server.kill('SIGTERM')
      await new Promise((r) => server.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
