import type { FC } from 'hono/jsx'
import type { FieldErrors } from '../tickets/schemas.js'
import { Layout } from './layout.js'

type Values = Partial<Record<'name' | 'email' | 'subject' | 'message', string>>

const Field: FC<{
  name: keyof Values
  label: string
  values: Values
  errors: FieldErrors
  type?: string
  max: number
  multiline?: boolean
}> = ({ name, label, values, errors, type, max, multiline }) => {
  const error = errors[name]
  const id = `f-${name}`
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea
          id={id}
          name={name}
          rows={8}
          maxlength={max}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          {values[name] ?? ''}
        </textarea>
      ) : (
        <input
          id={id}
          name={name}
          type={type ?? 'text'}
          value={values[name] ?? ''}
          maxlength={max}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

/** The public "write to us" form; re-rendered with the visitor's input and errors on 422. */
export const RequestFormPage: FC<{ values?: Values; errors?: FieldErrors }> = ({
  values = {},
  errors = {},
}) => (
  <Layout title="Contact support">
    <section class="card narrow">
      <h1>How can we help?</h1>
      <p class="muted">
        Tell us what is going on. You will get a private link to follow the answer.
      </p>
      {Object.keys(errors).length > 0 && (
        <p class="form-error" role="alert">
          Please fix the fields marked below.
        </p>
      )}
      <form method="post" action="/requests" novalidate>
        <Field name="name" label="Your name" values={values} errors={errors} max={100} />
        <Field name="email" label="Email" type="email" values={values} errors={errors} max={254} />
        <Field name="subject" label="Subject" values={values} errors={errors} max={200} />
        <Field
          name="message"
          label="Message"
          values={values}
          errors={errors}
          max={20000}
          multiline
        />
        <button type="submit" class="primary">
          Send request
        </button>
      </form>
    </section>
  </Layout>
)
