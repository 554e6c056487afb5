import { z } from 'zod'

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(min, { error: min === 1 ? `${label} is required.` : `${label} is too short.` })
    .max(max, { error: `${label} must be at most ${max.toLocaleString('en')} characters.` })

/** The public request form. Limits are per field so each error can be explained by name. */
export const requestSchema = z.object({
  name: text('Your name', 1, 100),
  email: z
    .string({ error: 'Your email is required.' })
    .trim()
    .max(254, { error: 'That email address is too long.' })
    .pipe(z.email({ error: 'Enter a valid email address, like ann@example.com.' })),
  subject: text('Subject', 1, 200),
  message: text('Message', 1, 20_000),
})

export const followUpSchema = z.object({ message: text('Message', 1, 20_000) })

export const replySchema = z.object({ body: text('Reply', 1, 20_000) })

export type FieldErrors = Partial<Record<string, string>>

/** First error message per field, for the form to show next to each input. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form')
    out[key] ??= issue.message
  }
  return out
}
