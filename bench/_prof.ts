import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { drive, warmUp } from './load.js'
import { seedDesk } from './seed.js'
import { startServer } from './server.js'
const dir = mkdtempSync(join(tmpdir(), 'prof-'))
const seeded = await seedDesk(join(dir, 'd.sqlite'), { agents: 1000, tickets: 10000, openShare: 0.3 })
const server = await startServer(join(dir, 'd.sqlite'))
const target = (process.argv[2] ?? 'mix') as 'mix'
const vpt = Number(process.argv[3] ?? 1)
await warmUp(server.url, { seeded, viewersPerTicket: vpt })
const r = await drive(server.url, target, { seeded, viewersPerTicket: vpt }, { seconds: 6, connections: 16 })
console.log(target, Math.round(r.requestsPerSecond), 'req/s p99', r.p99)
await server.stop()
