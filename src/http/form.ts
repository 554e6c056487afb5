import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'

const MAX_FIELDS = 20

const bad = (status: 400 | 415, message: string) => new HTTPException(status, { message })

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replaceAll('+', ' '))
  } catch {
    // A malformed escape, or percent-encoded bytes that are not UTF-8.
    throw bad(400, 'The form is not valid UTF-8.')
  }
}

/**
 * Reads an urlencoded form body strictly, in one pass, into a plain object (last value wins)
 * for zod to validate. Any other content type is 415; bytes that are not UTF-8 (raw or
 * percent-encoded), NUL characters or an absurd number of fields are 400. Hono's parseBody
 * would silently turn bad bytes into U+FFFD and store them.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const raw: ArrayBuffer | Uint8Array = c.get('body') ?? (await c.req.arrayBuffer())
  if (raw.byteLength === 0) return {}
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
  const fields: [string, string][] = []
  for (const part of text.split('&')) {
    if (part === '') continue
    if (fields.length === MAX_FIELDS) throw bad(400, 'The form has too many fields.')
    const eq = part.indexOf('=')
    const name = decode(eq === -1 ? part : part.slice(0, eq))
    const value = eq === -1 ? '' : decode(part.slice(eq + 1))
    if (value.includes('\u0000')) throw bad(400, 'The form contains a NUL character.')
    fields.push([name, value])
  }
  // fromEntries defines own properties: a field named __proto__ stays a field.
  return Object.fromEntries(fields)
}
