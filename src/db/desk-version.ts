import type { Db } from './client.js'

const versions = new WeakMap<Db, { n: number }>()

function counter(db: Db) {
  let v = versions.get(db)
  if (!v) versions.set(db, (v = { n: 0 }))
  return v
}

/**
 * Marks that something agents can see has changed: a ticket, a claim, a message, or who is
 * present. Caches of derived state (queue, ticket presence) compare versions to know they are
 * stale. One process owns the database, so an in-memory counter is the whole truth.
 */
export function deskChanged(db: Db): void {
  counter(db).n += 1
}

export function deskVersion(db: Db): number {
  return counter(db).n
}
