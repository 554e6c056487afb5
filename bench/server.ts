import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { startServerProcess } from '../test/support/server-process.js'

const TICKS_PER_SECOND = 100 // Linux USER_HZ

export type RunningServer = { url: string; child: ChildProcess; stop(): Promise<void> }

/**
 * Starts the real server as `npm start` does (the build in dist/), on loopback, at the
 * production log level. BENCH_NODE_ARGS lets a profiling run add e.g. --cpu-prof.
 */
export async function startServer(databasePath: string): Promise<RunningServer> {
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const server = await startServerProcess(
    databasePath,
    { NODE_ENV: 'production', LOG_LEVEL: 'info' },
    'dist',
    nodeArgs,
  )
  return {
    url: server.url,
    child: server.child,
    stop: async () => {
      server.child.kill('SIGTERM')
      await server.exited
    },
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
