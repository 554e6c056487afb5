import type { FC } from 'hono/jsx'
import { Layout } from './layout.js'

const titles: Record<number, string> = {
  400: 'That request was not understood',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Someone got there first',
  413: 'That was too much to send',
  415: 'That format is not accepted',
  422: 'Please check the form',
  429: 'Too many requests',
  500: 'Something went wrong',
}

/** The page every error answers with: what happened, in plain words, and a way back. */
export const ErrorPage: FC<{ status: number; message: string; back?: string }> = (p) => (
  <Layout title={titles[p.status] ?? 'Error'}>
    <section class="card narrow">
      <h1>{titles[p.status] ?? 'Error'}</h1>
      <p class="error-message">{p.message}</p>
      <p>
        <a href={p.back ?? '/'}>Go back</a>
      </p>
    </section>
  </Layout>
)
