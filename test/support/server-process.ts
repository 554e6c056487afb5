import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

/** Builds dist/ once per test file, as `npm start` does. */
export function buildOnce(): void {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  if (built.status !== 0) throw new Error('build failed')
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address()
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0))
    })
  })
}

export type ServerProcess = {
  url: string
  port: number
  child: ChildProcess
  output: () => string
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
}

/**
 * Starts the server on loopback against `databasePath` and waits until it listens: the build
 * (`dist`, as `npm start` runs it; call buildOnce first) or the sources through tsx (`src`).
 */
export async function startServerProcess(
  databasePath: string,
  env: Record<string, string> = {},
  from: 'dist' | 'src' = 'dist',
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const port = await freePort()
  const entry = from === 'dist' ? ['dist/server.js'] : ['--import', 'tsx', 'src/server.ts']
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      PUBLIC_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000)
    const check = () => {
      if (out.includes('Heartdesk is serving')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', check)
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${out}`)))
  })
  return { url: `http://127.0.0.1:${port}`, port, child, output: () => out, exited }
}
