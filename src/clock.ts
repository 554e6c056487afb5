/** The source of "now" for every domain function, so tests can move time by hand. */
export type Clock = { now(): number }

export const systemClock: Clock = { now: () => Date.now() }
