import { raw } from 'hono/html'
import type { Child, FC } from 'hono/jsx'
import type { SessionAgent } from '../agents/sessions.js'

type Props = { title: string; agent?: SessionAgent | undefined; children?: Child }

// htmx must not inject its indicator <style>: the Content-Security-Policy forbids inline styles.
const htmxConfig = JSON.stringify({ includeIndicatorStyles: false, allowEval: false })

/** The HTML shell of every page; agent pages get the top bar with the queue and sign-out. */
export const Layout: FC<Props> = ({ title, agent, children }) => (
  <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={htmxConfig} />
        <title>{`${title} · Heartdesk`}</title>
        <link rel="stylesheet" href="/public/app.css" />
        <script src="/public/app.js" defer></script>
        <script src="/public/htmx.min.js" defer></script>
      </head>
      <body>
        <header class="topbar">
          <a class="brand" href={agent ? '/queue' : '/'}>
            Heartdesk
          </a>
          {agent && (
            <nav class="topnav">
              <a href="/queue">Queue</a>
              <span class="whoami">{agent.name}</span>
              <form method="post" action="/logout" class="inline">
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            </nav>
          )}
        </header>
        <p id="connection" class="connection" role="status" hidden>
          Reconnecting…
        </p>
        {/* Spoken by screen readers when someone arrives or leaves; filled by public/app.js. */}
        <div id="announcer" class="visually-hidden" aria-live="polite"></div>
        <main>{children}</main>
      </body>
    </html>
  </>
)
