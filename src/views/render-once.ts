import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { HtmlEscapedString } from 'hono/utils/html'

/**
 * A memo of rendered HTML, per owner object and key. Owners are shared snapshots (a queue page,
 * a ticket view) that stay the same object while nothing changes, so a poll that changes
 * nothing renders nothing; a new snapshot starts afresh and the old one's HTML goes with it.
 * At most `maxPerOwner` keys are kept per owner.
 */
export function renderOnce(maxPerOwner = Infinity) {
  const store = new WeakMap<object, Map<string | number, HtmlEscapedString>>()
  return (owner: object, key: string | number, render: () => Child): HtmlEscapedString => {
    let byKey = store.get(owner)
    if (!byKey) store.set(owner, (byKey = new Map()))
    let html = byKey.get(key)
    if (!html) {
      if (byKey.size >= maxPerOwner) byKey.clear()
      // The stored value is our own component's escaped output, not user text: safe as is.
      byKey.set(key, (html = raw(String(render()))))
    }
    return html
  }
}
