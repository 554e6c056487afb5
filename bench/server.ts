import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

const TICKS_PER_SECOND = 100 // Linux USER_HZ

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address()
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0))
    })
  })
}

export type RunningServer = { url: string; child: ChildProcess; stop(): Promise<void> }

/** Starts the real server as `npm start` does (the build in dist/), on loopback. */
export async function startServer(databasePath: string): Promise<RunningServer> {
  const port = await freePort()
  // BENCH_NODE_ARGS lets a profiling run add e.g. --cpu-prof to the server.
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...extra, 'dist/server.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      PUBLIC_RATE_LIMIT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('Heartdesk is serving')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

function cpuTicks(pid: number): number {
  // Fields after the command name (which may hold spaces) start at index 2 = state.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12]) // utime + stime
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  return Number(kb ?? 0) * 1024
}

/** Samples a process's CPU and peak RSS while `work` runs. CPU is % of one core. */
export async function measure<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuPercent: number; peakRssMb: number }> {
  const t0 = process.hrtime.bigint()
  const c0 = cpuTicks(pid)
  let peak = rssBytes(pid)
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 200)
  try {
    const result = await work()
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9
    const cpu = (cpuTicks(pid) - c0) / TICKS_PER_SECOND / seconds
    return { result, cpuPercent: cpu * 100, peakRssMb: peak / 1024 / 1024 }
  } finally {
    clearInterval(sampler)
  }
}
