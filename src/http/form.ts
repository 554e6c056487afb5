import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'

const MAX_FIELDS = 20

const bad = (status: 400 | 415, message: string) => new HTTPException(status, { message })

/**
 * Reads an urlencoded form body strictly: any other content type is 415, and bytes that are not
 * UTF-8 (raw or percent-encoded), NUL characters or an absurd number of fields are 400.
 * Hono's parseBody would silently turn bad bytes into U+FFFD and store them.
 */
export async function readForm(c: Context): Promise<URLSearchParams> {
  const raw: ArrayBuffer | Uint8Array = c.get('body') ?? (await c.req.arrayBuffer())
  if (raw.byteLength === 0) return new URLSearchParams()
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') {
    throw bad(415, 'Send the form as application/x-www-form-urlencoded.')
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw)
  } catch {
    throw bad(400, 'The form is not valid UTF-8.')
  }
  let fields = 0
  for (const part of text.split('&')) {
    if (part === '') continue
    if (++fields > MAX_FIELDS) throw bad(400, 'The form has too many fields.')
    for (const piece of part.split('=')) {
      try {
        decodeURIComponent(piece.replaceAll('+', ' '))
      } catch {
        throw bad(400, 'The form is not valid UTF-8.')
      }
    }
  }
  const form = new URLSearchParams(text)
  for (const value of form.values()) {
    if (value.includes('\u0000')) throw bad(400, 'The form contains a NUL character.')
  }
  return form
}

/** The fields of a form as a plain object, last value winning, for zod to validate. */
export function formObject(form: URLSearchParams): Record<string, string> {
  return Object.fromEntries(form.entries())
}
