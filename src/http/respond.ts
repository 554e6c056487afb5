import type { Context } from 'hono'

/** True when the client asked for JSON rather than an HTML page or fragment. */
export function wantsJson(c: Context): boolean {
  return (c.req.header('accept') ?? '').toLowerCase().includes('application/json')
}
