import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { Viewer } from '../presence/presence.js'
import { cursorText, QUEUE_FILTERS, type Cursor, type QueueState } from '../tickets/queue.js'
import type { TicketView } from '../tickets/ticket-view.js'
import type { Deps } from '../http/env.js'
import { readForm } from '../http/form.js'

const queueQuerySchema = z.object({
  filter: z.enum(QUEUE_FILTERS, { error: 'Unknown queue filter.' }).default('open'),
  after: z
    .string()
    .regex(/^\d{1,15}\.\d{1,15}$/, { error: 'Bad page cursor.' })
    .transform((s): Cursor => {
      const [waitingSince, id] = s.split('.').map(Number) as [number, number]
      return { waitingSince, id }
    })
    .optional(),
})

const beatSchema = z.object({
  client: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'client must be a tab id.' }),
  state: z.enum(['viewing', 'replying', 'away']).default('viewing'),
})

// Built once: these run on every poll.
const queueBeatSchema = beatSchema.and(queueQuerySchema)
const leaveSchema = beatSchema.pick({ client: true })

const unprocessable = (error: z.ZodError) =>
  new HTTPException(422, { message: error.issues.map((i) => i.message).join(' ') })

/** The tab id and state a heartbeat carries; anything else in the form (an agent id, a time) is ignored. */
export async function readBeat(c: Context) {
  const parsed = beatSchema.safeParse(await readForm(c))
  if (!parsed.success) throw unprocessable(parsed.error)
  return parsed.data
}

/** A queue heartbeat also carries the filter and page the agent is looking at. */
export async function readQueueBeat(c: Context) {
  const parsed = queueBeatSchema.safeParse(await readForm(c))
  if (!parsed.success) throw unprocessable(parsed.error)
  return parsed.data
}

/** Filter and page of the queue page, from its query string. */
export function readQueueQuery(c: Context) {
  const parsed = queueQuerySchema.safeParse(c.req.query())
  if (!parsed.success) throw new HTTPException(400, { message: 'Unknown queue filter or page.' })
  return parsed.data
}

/** The tab id a leave beacon carries. */
export async function readLeave(c: Context) {
  const parsed = leaveSchema.safeParse(await readForm(c))
  if (!parsed.success) throw new HTTPException(422, { message: 'client must be a tab id.' })
  return parsed.data
}

type JsonInput = {
  selfId: number
  viewers: Viewer[]
  queue: QueueState
  ticket?: TicketView
}

/** The heartbeat's JSON answer, keys as in SPEC.md; time and timings are the server's. */
export function heartbeatJson({ clock, config }: Deps, input: JsonInput) {
  return {
    serverTime: clock.now(),
    intervalMs: config.heartbeatIntervalMs,
    ttlMs: config.presenceTtlMs,
    viewers: input.viewers.map((v) => ({ ...v, self: v.agentId === input.selfId })),
    ...(input.ticket && {
      ticket: {
        id: input.ticket.ticket.id,
        status: input.ticket.status,
        claimedBy: input.ticket.holder?.name ?? null,
        claimedById: input.ticket.holder?.id ?? null,
        customerHere: input.ticket.customerHere,
      },
    }),
    queue: {
      filter: input.queue.filter,
      counts: input.queue.counts,
      next: input.queue.next && cursorText(input.queue.next),
      tickets: input.queue.tickets.map((t) => ({
        id: t.id,
        subject: t.subject,
        status: t.status,
        claimedBy: t.claimedBy?.name ?? null,
        viewers: t.viewers,
        customerReplied: t.customerReplied,
        unread: input.queue.unread.has(t.id),
      })),
    },
  }
}
