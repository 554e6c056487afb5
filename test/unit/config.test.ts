import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'

describe('loadConfig', () => {
  it('uses the SPEC defaults when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      databasePath: 'data/heartdesk.sqlite',
      heartbeatIntervalMs: 10_000,
      presenceTtlMs: 15_000,
      publicRateLimit: 20,
      publicOrigin: undefined,
    })
  })

  it('reads overrides', () => {
    const c = loadConfig({
      PORT: '8080',
      PRESENCE_TTL_MS: '3000',
      PUBLIC_RATE_LIMIT: '0',
      PUBLIC_ORIGIN: 'https://desk.example.com/',
    })
    expect(c).toMatchObject({
      port: 8080,
      presenceTtlMs: 3000,
      publicRateLimit: 0,
      publicOrigin: 'https://desk.example.com',
    })
  })

  it('names every bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty', HEARTBEAT_INTERVAL_MS: '-5' })).toThrow(
      /Invalid configuration:\n {2}PORT: .*\n {2}HEARTBEAT_INTERVAL_MS: /,
    )
  })
})
