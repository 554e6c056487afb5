import type { FC } from 'hono/jsx'
import { Layout } from './layout.js'

/** Agent sign-in. The email is kept after a failed attempt; the password never is. */
export const LoginPage: FC<{ email?: string; error?: string }> = ({ email, error }) => (
  <Layout title="Sign in">
    <section class="card narrow">
      <h1>Sign in</h1>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <form method="post" action="/login">
        <div class="field">
          <label for="f-email">Email</label>
          <input
            id="f-email"
            name="email"
            type="email"
            value={email ?? ''}
            autocomplete="username"
            required
          />
        </div>
        <div class="field">
          <label for="f-password">Password</label>
          <input
            id="f-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </div>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </section>
  </Layout>
)

/** First-run page, reached only through the one-time link printed on the console. */
export const SetupPage: FC<{
  action: string
  values?: { name?: string; email?: string }
  error?: string
}> = ({ action, values = {}, error }) => (
  <Layout title="Set up Heartdesk">
    <section class="card narrow">
      <h1>Create the first agent</h1>
      <p class="muted">
        This link works once. Add more agents later with <code>npm run agent -- add</code>.
      </p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <form method="post" action={action}>
        <div class="field">
          <label for="f-name">Your name</label>
          <input id="f-name" name="name" value={values.name ?? ''} maxlength={100} required />
        </div>
        <div class="field">
          <label for="f-email">Email</label>
          <input id="f-email" name="email" type="email" value={values.email ?? ''} required />
        </div>
        <div class="field">
          <label for="f-password">Password (at least 12 characters)</label>
          <input
            id="f-password"
            name="password"
            type="password"
            minlength={12}
            autocomplete="new-password"
            required
          />
        </div>
        <button type="submit" class="primary">
          Create and sign in
        </button>
      </form>
    </section>
  </Layout>
)
