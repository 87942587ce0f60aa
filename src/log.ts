// The one pino root logger (JSON lines on stdout) and child-logger helpers. Secrets are redacted
// by key name wherever they appear in a logged object.
import { pino, type Logger } from 'pino'

export type { Logger }

const SECRET_KEYS = [
  'password',
  'secret',
  'privateKey',
  'token',
  'credentials',
  'authorization',
  'cookie',
]

/** Redaction paths: the secret keys at the top level, one and two levels deep, and in headers. */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'passwordHash',
  '*.passwordHash',
  'password_hash',
  '*.password_hash',
])

export interface LoggerOptions {
  level: string
  /** where JSON lines go; stdout when omitted */
  destination?: NodeJS.WritableStream
}

/**
 * @example const log = createLogger({ level: config.logLevel })
 */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: { app: 'outpost' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  }
  return options.destination === undefined ? pino(base) : pino(base, options.destination)
}

/** A logger that discards everything (tests). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' })
}

/** Child logger for one request. @public for the request and job code of the branches in flight */
export function requestLogger(
  log: Logger,
  fields: { requestId: string; tenantId?: string | null; userId?: string | null },
): Logger {
  return log.child(fields)
}

/** Child logger for one background job. @public see requestLogger */
export function jobLogger(log: Logger, fields: { job: string; deviceId?: string }): Logger {
  return log.child(fields)
}
