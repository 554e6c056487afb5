import autocannon from 'autocannon'
import type { Seeded } from './seed.js'

export type Target = 'healthz' | 'ticket' | 'queue' | 'mix'

export type LoadResult = {
  requestsPerSecond: number
  p50: number
  p99: number
  max: number
  errors: number
  non2xx: number
}

export type Shape = {
  seeded: Seeded
  /** Agents sharing one ticket: 1 spreads them out, 50 piles 50 onto each ticket. */
  viewersPerTicket: number
}

/** One randomised request: a random agent (real session cookie), tab and ticket. */
export function makeRequest(
  target: Target,
  shape: Shape,
  origin: string,
  agent = Math.floor(Math.random() * shape.seeded.sessions.length),
  tabName = Math.random() < 0.5 ? 'a' : 'b',
) {
  const { sessions, openTicketIds } = shape.seeded
  const kind = target === 'mix' ? (Math.random() < 0.8 ? 'ticket' : 'queue') : target
  if (kind === 'healthz') {
    return {
      method: 'GET',
      path: '/healthz',
      headers: {} as Record<string, string>,
      body: undefined,
    }
  }
  const ticket = openTicketIds[Math.floor(agent / shape.viewersPerTicket) % openTicketIds.length]!
  const tab = `bench-${agent}-${tabName}`
  return {
    method: 'POST',
    path: kind === 'ticket' ? `/tickets/${ticket}/heartbeat` : '/queue/heartbeat',
    headers: <Record<string, string>>{
      cookie: `heartdesk=${sessions[agent]}`,
      origin,
      'content-type': 'application/x-www-form-urlencoded',
      'hx-request': 'true',
    },
    // One agent in five is typing a reply; states change rarely, as at a real desk.
    body: `client=${tab}&state=${agent % 5 === 0 ? 'replying' : 'viewing'}`,
  }
}

/**
 * Opens every agent's two tabs on their ticket and on the queue once, as a desk that has been
 * running for a while has, so that the measured runs see steady state rather than arrivals.
 */
export async function warmUp(url: string, shape: Shape): Promise<void> {
  const jobs: (() => Promise<unknown>)[] = []
  for (let agent = 0; agent < shape.seeded.sessions.length; agent++) {
    for (const kind of ['ticket', 'queue'] as const) {
      for (const tab of ['a', 'b']) {
        const req = makeRequest(kind, shape, url, agent, tab)
        jobs.push(() =>
          fetch(url + req.path, { method: req.method, headers: req.headers, body: req.body }),
        )
      }
    }
  }
  const workers = Array.from({ length: 16 }, async () => {
    for (let job = jobs.pop(); job; job = jobs.pop())
      await ((await job()) as Response).arrayBuffer()
  })
  await Promise.all(workers)
}

/** Drives the server for `seconds`: flat out, or at a fixed overall rate. */
export async function drive(
  url: string,
  target: Target,
  shape: Shape,
  opts: { seconds: number; connections: number; rate?: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate && { overallRate: opts.rate }),
    requests: [
      {
        setupRequest: (req: autocannon.Request) =>
          ({ ...req, ...makeRequest(target, shape, url) }) as autocannon.Request,
      },
    ],
  })
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
  }
}
