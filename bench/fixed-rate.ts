import { Agent, request } from 'node:http'
import { makeRequest, type LoadResult, type Shape, type Target } from './load.js'

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/**
 * An open-loop load at a fixed rate: request i is due at start + i/rate, sent then whatever
 * the earlier ones are doing, and its latency counts from when it was due (so a stalled server
 * is not hidden by a client that waits for it). Arrivals are spread evenly, not in bursts.
 */
export async function fixedRate(
  url: string,
  target: Target,
  shape: Shape,
  opts: { rate: number; seconds: number },
): Promise<LoadResult> {
  const { hostname, port } = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const latencies: number[] = []
  let errors = 0
  let non2xx = 0
  const total = Math.round(opts.rate * opts.seconds)
  const start = performance.now()
  const inFlight: Promise<void>[] = []

  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / opts.rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    const req = makeRequest(target, shape, url)
    inFlight.push(
      new Promise<void>((resolve) => {
        const r = request(
          {
            host: hostname,
            port,
            method: req.method,
            path: req.path,
            headers: req.headers,
            agent,
            timeout: 10_000,
          },
          (res) => {
            res.resume()
            res.on('end', () => {
              latencies.push(performance.now() - due)
              if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++
              resolve()
            })
          },
        )
        r.on('error', () => {
          errors++
          resolve()
        })
        r.end(req.body)
      }),
    )
  }
  await Promise.all(inFlight)
  const elapsed = (performance.now() - start) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    errors,
    non2xx,
  }
}
