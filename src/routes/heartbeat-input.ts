import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { Viewer } from '../presence/presence.js'
import type { QueueState } from '../tickets/queue.js'
import type { TicketView } from '../tickets/ticket-view.js'
import { formObject, readForm } from '../http/form.js'

const beatSchema = z.object({
  client: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'client must be a tab id.' }),
  state: z.enum(['viewing', 'replying', 'away']).default('viewing'),
})

/** The tab id and state a heartbeat carries; anything else in the form (an agent id, a time) is ignored. */
export async function readBeat(c: Context) {
  const parsed = beatSchema.safeParse(formObject(await readForm(c)))
  if (!parsed.success) {
    throw new HTTPException(422, { message: parsed.error.issues.map((i) => i.message).join(' ') })
  }
  return parsed.data
}

/** The tab id a leave beacon carries. */
export async function readLeave(c: Context) {
  const parsed = beatSchema.pick({ client: true }).safeParse(formObject(await readForm(c)))
  if (!parsed.success) throw new HTTPException(422, { message: 'client must be a tab id.' })
  return parsed.data
}

type JsonInput = {
  now: number
  intervalMs: number
  ttlMs: number
  selfId: number
  viewers: Viewer[]
  queue: QueueState
  ticket?: TicketView
}

/** The heartbeat's JSON answer, keys as in SPEC.md. */
export function heartbeatJson(input: JsonInput) {
  return {
    serverTime: input.now,
    intervalMs: input.intervalMs,
    ttlMs: input.ttlMs,
    viewers: input.viewers.map((v) => ({ ...v, self: v.agentId === input.selfId })),
    ...(input.ticket && {
      ticket: {
        id: input.ticket.ticket.id,
        status: input.ticket.status,
        claimedBy: input.ticket.holder?.name ?? null,
        claimedById: input.ticket.holder?.id ?? null,
      },
    }),
    queue: {
      counts: input.queue.counts,
      tickets: input.queue.tickets.map((t) => ({
        id: t.id,
        subject: t.subject,
        status: t.status,
        claimedBy: t.claimedBy?.name ?? null,
        viewers: t.viewers,
      })),
    },
  }
}
