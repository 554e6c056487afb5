import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Everything /metrics exposes, on a registry of its own (one per app, so tests stay apart). */
export function createMetrics(liveViewers: () => number) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'heartdesk_' })
  return {
    registry,
    httpDuration: new Histogram({
      name: 'heartdesk_http_request_duration_seconds',
      help: 'Time to answer a request, by route pattern',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    heartbeats: new Counter({
      name: 'heartdesk_heartbeats_total',
      help: 'Heartbeats recorded, by page kind',
      labelNames: ['page'] as const,
      registers: [registry],
    }),
    purgedRows: new Counter({
      name: 'heartdesk_presence_purged_rows_total',
      help: 'Presence rows deleted for being silent longer than the TTL',
      registers: [registry],
    }),
    claims: new Counter({
      name: 'heartdesk_claims_total',
      help: 'Claim attempts by outcome (won, conflict)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    dbErrors: new Counter({
      name: 'heartdesk_db_errors_total',
      help: 'Database errors by SQLite code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    liveViewers: new Gauge({
      name: 'heartdesk_live_viewers',
      help: 'Agent tabs present on any page within the TTL',
      registers: [registry],
      collect() {
        this.set(liveViewers())
      },
    }),
  }
}

export type Metrics = ReturnType<typeof createMetrics>
