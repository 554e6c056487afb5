import { pino, type Logger } from 'pino'

export type { Logger }

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/**
 * Structured JSON logs, one object per line, on stdout. Request lines name the route pattern
 * (`/requests/:token`), never the path, so customer tokens never reach a log.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { app: 'heartdesk' }, timestamp: pino.stdTimeFunctions.isoTime },
    // Synchronous writes: a line logged just before a crash or exit is not lost.
    destination ?? pino.destination({ sync: true }),
  )
}
