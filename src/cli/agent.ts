import { parseArgs } from 'node:util'
import { z } from 'zod'
import { addAgent, disableAgent, DuplicateEmailError, listAgents } from '../agents/agents.js'
import { systemClock } from '../clock.js'
import { loadConfig } from '../config.js'
import { closeDatabase, openDatabase } from '../db/client.js'

const usage = `Usage:
  npm run agent -- add --email E --name N --password P
  npm run agent -- list
  npm run agent -- disable --email E`

const addSchema = z.object({
  email: z.email({ error: '--email must be a valid email address' }).max(254),
  name: z.string().trim().min(1, { error: '--name is required' }).max(100),
  password: z
    .string({ error: '--password is required' })
    .min(12, { error: '--password must be at least 12 characters' })
    .max(1024),
})

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  })
  const command = positionals[0]
  const db = openDatabase(loadConfig(process.env).databasePath)
  try {
    if (command === 'add') {
      const parsed = addSchema.safeParse(values)
      if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join('\n'))
      const agent = await addAgent(db, systemClock, parsed.data)
      console.log(`Added agent #${agent.id} ${agent.name} <${agent.email}>`)
    } else if (command === 'list') {
      for (const a of listAgents(db)) {
        console.log(`#${a.id}\t${a.email}\t${a.name}${a.disabledAt ? '\t(disabled)' : ''}`)
      }
    } else if (command === 'disable') {
      if (!values.email) fail('--email is required')
      if (!disableAgent(db, systemClock, values.email)) fail(`No agent with email ${values.email}`)
      console.log(`Disabled ${values.email}; their sessions are ended.`)
    } else {
      fail(usage)
    }
  } catch (err) {
    if (err instanceof DuplicateEmailError) fail(err.message)
    throw err
  } finally {
    closeDatabase(db)
  }
}

await main()
