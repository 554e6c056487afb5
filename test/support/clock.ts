import type { Clock } from '../../src/clock.js'

/** A clock that only moves when the test says so. */
export class FakeClock implements Clock {
  constructor(private ms = Date.UTC(2026, 11, 3, 9, 0, 0)) {}
  now() {
    return this.ms
  }
  advance(ms: number) {
    this.ms += ms
  }
}
