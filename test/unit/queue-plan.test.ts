import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js'
import { COUNTS_SQL, PAGE_VIEWERS_SQL, pageSql, QUEUE_FILTERS } from '../../src/tickets/queue.js'

// The heartbeat's cost must not grow with the number of tickets: every query it runs is an index
// search that stops after the visible page, never a scan of the table or a sort of all its rows.
describe('queue query plans', () => {
  let db: Db
  beforeEach(() => {
    db = openDatabase(':memory:')
    db.$client.exec('ANALYZE')
  })
  afterEach(() => closeDatabase(db))

  const plan = (sql: string) =>
    (
      db.$client
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all({ agentId: 1, limit: 51, waitingSince: 0, id: 0, cutoff: 0, ids: '[]' }) as {
        detail: string
      }[]
    ).map((r) => r.detail)

  for (const filter of QUEUE_FILTERS) {
    for (const withCursor of [false, true]) {
      it(`reads the ${filter} page${withCursor ? ' after a cursor' : ''} through an index, in order`, () => {
        const steps = plan(pageSql(filter, withCursor))
        const ticketStep = steps.find((s) => / t\b/.test(s))!
        expect(ticketStep).toMatch(/^SEARCH t USING (COVERING )?INDEX tickets_/)
        expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/)
        expect(steps.join('\n')).not.toMatch(/^SCAN/m)
      })
    }
  }

  it('counts statuses with index searches, starting from the live presence rows', () => {
    const steps = plan(COUNTS_SQL)
    const ticketSteps = steps.filter((s) => /\b(tickets|t)\b/.test(s))
    expect(ticketSteps.length).toBeGreaterThanOrEqual(4)
    for (const step of ticketSteps) expect(step).toMatch(/^SEARCH (tickets|t) USING /)
    expect(steps).toContain('SCAN p USING INDEX presence_ticket_idx')
  })

  it('looks up viewers only for the tickets on the page', () => {
    const steps = plan(PAGE_VIEWERS_SQL).join('\n')
    expect(steps).toMatch(/SEARCH p USING INDEX presence_ticket_idx/)
    expect(steps).not.toMatch(/SCAN p\b/)
  })
})
