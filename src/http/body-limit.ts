import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'

const tooLarge = () =>
  new HTTPException(413, { message: 'That is more than we accept in one request.' })

/**
 * Refuses request bodies over `maxBytes` with 413. A declared Content-Length is checked before
 * anything is read (Node's parser holds the client to it); a body without one (chunked) is read
 * here, counted as it arrives, and kept for `readForm`.
 *
 * Why not Hono's bodyLimit: it touches `c.req.raw.body`, which makes @hono/node-server build a
 * full WHATWG Request for every request, bodiless GETs included; in `npm run bench` that cost
 * more than the heartbeat's own work.
 */
export function limitBody(
  maxBytes: number,
): MiddlewareHandler<{ Variables: { body?: Uint8Array } }> {
  return async function limitBody(c, next) {
    const length = c.req.header('content-length')
    if (length !== undefined) {
      if (!/^\d+$/.test(length) || Number(length) > maxBytes) throw tooLarge()
      return next()
    }
    // No length: a chunked upload (or an in-process request). GET and HEAD carry no body, and
    // asking for one would build the full Request this middleware exists to avoid.
    const stream = c.req.method === 'GET' || c.req.method === 'HEAD' ? null : c.req.raw.body
    if (stream) {
      const reader = stream.getReader()
      const chunks: Uint8Array[] = []
      let size = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        size += value.byteLength
        if (size > maxBytes) {
          await reader.cancel()
          throw tooLarge()
        }
        chunks.push(value)
      }
      c.set('body', Buffer.concat(chunks))
    }
    await next()
  }
}
