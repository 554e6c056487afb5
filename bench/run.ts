// `npm run bench`: how many agents one box carries. Prints a Markdown table and writes it, with an
// SVG chart, to bench/results/. It measures; it asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fixedRate } from './fixed-rate.js'
import { drive, warmUp, type Target } from './load.js'
import { markdownTable, svgChart, type Row } from './report.js'
import { seedDesk, type Seeded } from './seed.js'
import { measure, startServer } from './server.js'
import { buildOnce } from '../test/support/server-process.js'

const { values } = parseArgs({
  options: {
    agents: { type: 'string' },
    tickets: { type: 'string' },
    duration: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results' },
  },
})

const quick = values.quick
const agents = Number(values.agents ?? (quick ? 200 : 1000))
const tickets = Number(values.tickets ?? (quick ? 2000 : 10_000))
const seconds = Number(values.duration ?? (quick ? 1 : 10))
const growth = quick ? [1_000, 10_000] : [1_000, 100_000]
const connections = 16
const fixedRatePerSecond = 1000
for (const [name, n] of Object.entries({ agents, tickets, duration: seconds })) {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number`)
}

const workDir = mkdtempSync(join(tmpdir(), 'heartdesk-bench-'))
const rows: Row[] = []

/** The run with the middle throughput of an odd number of runs. */
function median(runs: Row[]): Row {
  return [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[runs.length >> 1]!
}

/** Seeds a desk, starts its server and warms it up. */
async function openDesk(ticketCount: number, openTickets?: number, crowded = true) {
  const path = join(workDir, `desk-${ticketCount}-${rows.length}.sqlite`)
  const seeded = await seedDesk(path, {
    agents,
    tickets: ticketCount,
    openShare: 0.3,
    ...(openTickets !== undefined && { openTickets }),
  })
  const server = await startServer(path)
  // Warm up the JIT, SQLite's page cache and every agent's presence before measuring.
  await warmUp(server.url, { seeded, viewersPerTicket: 1 })
  // Tabs for the crowded-ticket scenario; where it is not run they would only expire mid-run.
  if (crowded) await warmUp(server.url, { seeded, viewersPerTicket: 50 })
  await drive(server.url, 'mix', { seeded, viewersPerTicket: 1 }, { seconds: 1, connections })
  return { seeded, server }
}

async function onDesk(
  ticketCount: number,
  run: (url: string, pid: number, seeded: Seeded) => Promise<void>,
  crowded = true,
) {
  const { seeded, server } = await openDesk(ticketCount, undefined, crowded)
  try {
    await run(server.url, server.child.pid!, seeded)
  } finally {
    await server.stop()
  }
}

async function scenario(
  label: string,
  url: string,
  pid: number,
  seeded: Seeded,
  target: Target,
  opts: { viewersPerTicket?: number; rate?: number; record?: boolean } = {},
) {
  process.stderr.write(`  ${label}…\n`)
  const shape = { seeded, viewersPerTicket: opts.viewersPerTicket ?? 1 }
  const { result, cpuPercent, peakRssMb } = await measure(pid, () =>
    opts.rate
      ? fixedRate(url, target, shape, { rate: opts.rate, seconds })
      : drive(url, target, shape, { seconds, connections }),
  )
  const row: Row = {
    scenario: label,
    ...result,
    cpuPercent,
    peakRssMb,
    errors: result.errors + result.non2xx,
  }
  if (opts.record !== false) rows.push(row)
  return row
}

async function main() {
  // Measure what `npm start` runs: the build, not the sources through a loader.
  buildOnce()
  console.error(
    `Heartdesk bench: ${agents} agents, ${tickets} tickets, ${seconds}s per run${quick ? ' (quick)' : ''}`,
  )
  let healthz = 0
  await onDesk(tickets, async (url, pid, seeded) => {
    // Three rounds through the four, each row the median of its three: drift on a shared
    // machine (and the heap growing run after run) then weighs on every scenario alike.
    const saturation = [
      ['GET /healthz', 'healthz'],
      ['ticket heartbeat', 'ticket'],
      ['queue heartbeat', 'queue'],
      ['mixed heartbeat (80 % ticket, 20 % queue)', 'mix'],
    ] as const
    const turns: Row[][] = saturation.map(() => [])
    for (let round = 0; round < 3; round++) {
      for (const [i, [label, target]] of saturation.entries()) {
        turns[i]!.push(await scenario(label, url, pid, seeded, target, { record: false }))
      }
    }
    const medians = turns.map(median)
    healthz = medians[0]!.requestsPerSecond
    for (const row of medians) {
      if (row !== medians[0]) row.ratio = row.requestsPerSecond / healthz
      rows.push(row)
    }
    await scenario('ticket heartbeat, 50 viewers per ticket', url, pid, seeded, 'ticket', {
      viewersPerTicket: 50,
    })
  })
  // The steady load on a server of its own: after saturation runs the heap has grown, and
  // its memory would say more about the runs before than about this load.
  await onDesk(
    tickets,
    async (url, pid, seeded) => {
      await scenario(
        `mixed at ${fixedRatePerSecond}/s (10,000 agents every 10 s)`,
        url,
        pid,
        seeded,
        'mix',
        { rate: fixedRatePerSecond },
      )
    },
    false,
  )
  // Cost growth: both desks run at once and take turns, so drift on a shared machine hits
  // both alike; each row is the median of three turns.
  // The same open tickets (as many as the smaller desk has) in both: what grows is the history.
  const openInBoth = Math.round(growth[0]! * 0.3)
  const desks = await Promise.all(growth.map((count) => openDesk(count, openInBoth, false)))
  try {
    const turns: Row[][] = desks.map(() => [])
    for (let turn = 0; turn < 3; turn++) {
      for (const [i, desk] of desks.entries()) {
        const label = `mixed heartbeat, ${growth[i]!.toLocaleString('en')} tickets in the database`
        // While the other desk ran, this one's tabs passed the TTL: bring them back first, or
        // the turn would measure a thousand agents reconnecting at once.
        await warmUp(desk.server.url, { seeded: desk.seeded, viewersPerTicket: 1 })
        turns[i]!.push(
          await scenario(label, desk.server.url, desk.server.child.pid!, desk.seeded, 'mix', {
            record: false,
          }),
        )
      }
    }
    for (const runs of turns) {
      const row = median(runs)
      row.ratio = row.requestsPerSecond / healthz
      rows.push(row)
    }
  } finally {
    await Promise.all(desks.map((d) => d.server.stop()))
  }

  const table = markdownTable(rows)
  console.log(table)
  mkdirSync(values.out!, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const header = `# Heartdesk bench, ${new Date().toISOString()}\n\n${agents} agents, ${tickets} tickets, ${seconds}s per run, ${connections} connections at saturation.\n\n`
  writeFileSync(join(values.out!, `bench-${stamp}.md`), header + table + '\n')
  writeFileSync(
    join(values.out!, `bench-${stamp}.svg`),
    svgChart(rows, 'Heartdesk: throughput and p99 per scenario'),
  )
  console.error(`Written to ${values.out}/bench-${stamp}.{md,svg}`)
}

try {
  await main()
} finally {
  rmSync(workDir, { recursive: true, force: true })
}
