import { HTTPException } from 'hono/http-exception'

const notFound = (what: string) => new HTTPException(404, { message: `No such ${what}.` })

/** A ticket id from the path: a positive safe integer, or 404 (never a 500 or a NaN query). */
export function ticketIdParam(raw: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw notFound('ticket')
  const id = Number(raw)
  if (!Number.isSafeInteger(id)) throw notFound('ticket')
  return id
}

/** A customer token from the path must look like one we issue before it reaches the database. */
export function tokenParam(raw: string): string {
  if (!/^[A-Za-z0-9_-]{32}$/.test(raw)) throw notFound('request')
  return raw
}
