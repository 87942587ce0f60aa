// The only reader of the environment. Every setting has an OUTPOST_ variable; all defaults live
// in DEFAULTS below. Parsed once with zod and frozen; a bad value fails with a message naming the
// variable.
import { resolve } from 'node:path'
import { z } from 'zod'

export const DEFAULTS = Object.freeze({
  OUTPOST_PORT: '3000',
  OUTPOST_HOST: '0.0.0.0',
  OUTPOST_DATA_DIR: './data',
  OUTPOST_LOG_LEVEL: 'info',
  OUTPOST_ARGON2_PROFILE: 'owasp',
  OUTPOST_SECURE_COOKIES: 'auto',
  OUTPOST_TRUST_PROXY: 'false',
  OUTPOST_METRICS_RAW_HOURS: '48',
  OUTPOST_METRICS_5M_DAYS: '30',
  OUTPOST_METRICS_HOURLY_DAYS: '400',
  OUTPOST_HTTPS_REDIRECT: 'false',
  OUTPOST_BACKUP_INTERVAL_HOURS: '24',
  OUTPOST_BACKUP_KEEP: '7',
  OUTPOST_EXPECT_VOLUME: 'false',
  // notifications: more alerts than this per tenant and minute go out as one digest; send timeout
  OUTPOST_NOTIFY_FLOOD_LIMIT: '10',
  OUTPOST_NOTIFY_TIMEOUT_MS: '10000',
  OUTPOST_SYSLOG_MAX_LINES: '50000',
  OUTPOST_SYSLOG_DAYS: '30',
  // remote access (issue 14): browser terminal limits and recording, WinBox forwards
  OUTPOST_TERMINAL_PER_USER: '3',
  OUTPOST_TERMINAL_PER_DEVICE: '2',
  OUTPOST_TERMINAL_IDLE_S: '900',
  OUTPOST_TERMINAL_RECORD: 'false',
  OUTPOST_WINBOX_PORTS: '48291-48390',
  OUTPOST_WINBOX_IDLE_S: '600',
  OUTPOST_WINBOX_DEVICE_PORT: '8291',
  // WireGuard overlay (issue 14): 100.127.0.0/16 is the top of the shared address space (RFC 6598),
  // outside the LAN ranges customers use (10/8, 172.16/12, 192.168/16); one /24 per tenant
  OUTPOST_OVERLAY_RANGE: '100.127.0.0/16',
  OUTPOST_OVERLAY_TENANT_PREFIX: '24',
  OUTPOST_OVERLAY_INTERFACE: 'outpost-wg',
  // discovery (issue 18): scan probes at once, new probes per second, and each probe's timeout
  OUTPOST_DISCOVERY_CONCURRENCY: '768',
  OUTPOST_DISCOVERY_RATE: '1500',
  OUTPOST_DISCOVERY_TIMEOUT_MS: '800',
  OUTPOST_MNDP_HOST: '0.0.0.0',
})

/** HTTPS, recovery, syslog and WireGuard ports when unset; all off when OUTPOST_PORT is 0 (any free port: tests) */
const APPLIANCE_PORTS = Object.freeze({
  OUTPOST_HTTPS_PORT: '3443',
  OUTPOST_RECOVERY_PORT: '2222',
  OUTPOST_SYSLOG_PORT: '5514',
  OUTPOST_OVERLAY_PORT: '51820',
  OUTPOST_MNDP_PORT: '5678',
})

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const boolString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)

// a postgres:// URL with a host and a database name (the message never echoes it: it may hold a password)
const pgUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v)
      return /^postgres(ql)?:$/.test(u.protocol) && u.hostname !== '' && u.pathname.length > 1
    } catch {
      return false
    }
  }, 'must be a postgres://user:password@host:port/database URL')

const schema = z
  .object({
    OUTPOST_PORT: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535'),
    OUTPOST_HOST: z.string().trim().min(1, 'must not be empty'),
    OUTPOST_DATA_DIR: z.string().trim().min(1, 'must not be empty'),
    OUTPOST_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    OUTPOST_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    OUTPOST_MASTER_KEY: z
      .string()
      .refine((v) => decodeKey(v) !== undefined, 'must be 32 bytes encoded as base64')
      .optional(),
    OUTPOST_ARGON2_PROFILE: z.enum(['owasp', 'light'], { error: 'must be owasp or light' }),
    OUTPOST_SECURE_COOKIES: z.enum(['auto', 'always', 'never'], {
      error: 'must be auto, always or never',
    }),
    OUTPOST_TRUST_PROXY: boolString,
    OUTPOST_METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
    // PostgreSQL (issue 20): the app role's URL selects PostgreSQL; the owner's runs migrations
    OUTPOST_DATABASE_URL: pgUrl.optional(),
    OUTPOST_DATABASE_OWNER_URL: pgUrl.optional(),
    OUTPOST_METRICS_RAW_HOURS: wholeNumber(1, 8760),
    OUTPOST_METRICS_5M_DAYS: wholeNumber(1, 3650),
    OUTPOST_METRICS_HOURLY_DAYS: wholeNumber(1, 3650),
    OUTPOST_PUBLIC_URL: z
      .url({ error: 'must be a URL such as https://outpost.example.net' })
      .optional(),
    OUTPOST_HTTPS_PORT: wholeNumber(0, 65535),
    OUTPOST_TLS_CERT: z.string().trim().min(1).optional(),
    OUTPOST_TLS_KEY: z.string().trim().min(1).optional(),
    OUTPOST_HTTPS_REDIRECT: boolString,
    OUTPOST_RECOVERY_PORT: wholeNumber(0, 65535),
    OUTPOST_BACKUP_INTERVAL_HOURS: wholeNumber(0, 8760),
    OUTPOST_BACKUP_KEEP: wholeNumber(1, 1000),
    OUTPOST_BACKUP_PASSPHRASE: z.string().min(12, 'must be at least 12 characters').optional(),
    OUTPOST_EXPECT_VOLUME: boolString,
    OUTPOST_NOTIFY_FLOOD_LIMIT: wholeNumber(1, 100_000),
    OUTPOST_NOTIFY_TIMEOUT_MS: wholeNumber(100, 300_000),
    OUTPOST_SYSLOG_PORT: wholeNumber(0, 65535),
    OUTPOST_SYSLOG_MAX_LINES: wholeNumber(100, 10_000_000),
    OUTPOST_SYSLOG_DAYS: wholeNumber(1, 3650),
    OUTPOST_TERMINAL_PER_USER: wholeNumber(1, 100),
    OUTPOST_TERMINAL_PER_DEVICE: wholeNumber(1, 100),
    OUTPOST_TERMINAL_IDLE_S: wholeNumber(1, 86_400),
    OUTPOST_TERMINAL_RECORD: boolString,
    OUTPOST_WINBOX_PORTS: z
      .string()
      .regex(/^\d{1,5}-\d{1,5}$/, 'must be a port range such as 48291-48390')
      .refine((v) => {
        const [a, b] = v.split('-').map(Number) as [number, number]
        return a >= 1 && b <= 65535 && a <= b
      }, 'must be a range of ports between 1 and 65535, low-high'),
    OUTPOST_WINBOX_IDLE_S: wholeNumber(1, 86_400),
    OUTPOST_WINBOX_DEVICE_PORT: wholeNumber(1, 65535),
    OUTPOST_WINBOX_HOST: z.string().trim().min(1).optional(),
    OUTPOST_OVERLAY_RANGE: z
      .string()
      .trim()
      .refine((v) => parseRange(v) !== undefined, 'must be an IPv4 range such as 100.127.0.0/16'),
    OUTPOST_OVERLAY_TENANT_PREFIX: wholeNumber(8, 30),
    OUTPOST_OVERLAY_PORT: wholeNumber(0, 65535),
    OUTPOST_OVERLAY_INTERFACE: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{1,15}$/, 'must be an interface name of up to 15 letters or digits'),
    OUTPOST_OVERLAY_ENDPOINT: z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9.:-]+$/, 'must be a host name or address the routers can reach')
      .optional(),
    OUTPOST_DISCOVERY_CONCURRENCY: wholeNumber(1, 4096),
    OUTPOST_DISCOVERY_RATE: wholeNumber(1, 100_000),
    OUTPOST_DISCOVERY_TIMEOUT_MS: wholeNumber(50, 60_000),
    OUTPOST_MNDP_PORT: wholeNumber(0, 65535),
    OUTPOST_MNDP_HOST: z.string().trim().min(1, 'must not be empty'),
  })
  .refine(
    (e) => (parseRange(e.OUTPOST_OVERLAY_RANGE)?.prefix ?? 0) < e.OUTPOST_OVERLAY_TENANT_PREFIX,
    {
      message:
        'OUTPOST_OVERLAY_TENANT_PREFIX must be longer than the prefix of OUTPOST_OVERLAY_RANGE',
      path: ['OUTPOST_OVERLAY_TENANT_PREFIX'],
    },
  )
  .refine((e) => (e.OUTPOST_TLS_CERT === undefined) === (e.OUTPOST_TLS_KEY === undefined), {
    message: 'OUTPOST_TLS_CERT and OUTPOST_TLS_KEY must be set together',
    path: ['OUTPOST_TLS_CERT'],
  })

export type LogLevel = (typeof LOG_LEVELS)[number]

export interface Config {
  readonly port: number
  readonly host: string
  /** absolute path of the data directory */
  readonly dataDir: string
  /** absolute path of the main SQLite file, inside dataDir */
  readonly dbFile: string
  /** PostgreSQL (issue 20): the app role's URL (PostgreSQL instead of SQLite when set) and the
   * table owner's URL for migrations (the app URL when unset) */
  readonly database: { url: string; ownerUrl: string } | undefined
  readonly logLevel: LogLevel
  /** from OUTPOST_TOKEN_SECRET; otherwise generated into <dataDir>/.secrets.json */
  readonly tokenSecret: Buffer | undefined
  /** from OUTPOST_MASTER_KEY; otherwise generated into <dataDir>/.secrets.json */
  readonly masterKey: Buffer | undefined
  readonly argon2Profile: 'owasp' | 'light'
  /** auto: Secure cookies when the request arrived over HTTPS */
  readonly secureCookies: 'auto' | 'always' | 'never'
  /** trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy */
  readonly trustProxy: boolean
  /** bearer token for GET /metrics (Prometheus); the endpoint is off without it */
  readonly metricsToken: string | undefined
  /** how long metrics are kept per tier (raw samples, 5-minute and hourly rollups) */
  readonly metricsRetention: { rawHours: number; fiveMinuteDays: number; hourlyDays: number }
  /** alerts: base of the links in notifications ('' = relative links) */
  readonly publicUrl: string
  /** HTTPS listener port (0: off) */
  readonly httpsPort: number
  /** the user's own certificate and key (PEM paths); a self-signed pair in dataDir/tls otherwise */
  readonly tls: { certFile: string; keyFile: string } | undefined
  /** answer plain HTTP page requests with a redirect to the HTTPS port */
  readonly httpsRedirect: boolean
  /** SSH recovery console port (0: off) */
  readonly recoveryPort: number
  /** scheduled local appliance snapshots (intervalHours 0: off) and how many are kept */
  readonly backup: { intervalHours: number; keep: number; passphrase: string | undefined }
  /** set by the container image: warn at startup when dataDir is not a mounted volume */
  readonly expectVolume: boolean
  /** notifications: digest above this many alerts per tenant and minute; per-send timeout */
  readonly notify: { floodLimit: number; timeoutMs: number }
  /** syslog receiver (UDP and TCP on one port; 0: off) and the default per-device retention */
  readonly syslog: { port: number; maxLines: number; maxDays: number }
  /** browser terminal: concurrent sessions per user and per device, idle timeout, recording */
  readonly terminal: { perUser: number; perDevice: number; idleMs: number; record: boolean }
  /** WinBox forwards: listening ports (inclusive), bind address, idle timeout, the device's port */
  readonly winbox: {
    portMin: number
    portMax: number
    bindHost: string
    idleMs: number
    devicePort: number
  }
  /** WireGuard overlay: address range (network as a 32-bit number), per-tenant prefix, listen
   * port (0: off), interface name and the host routers dial (public URL's host when unset) */
  readonly overlay: {
    range: { network: number; prefix: number; text: string }
    tenantPrefix: number
    port: number
    interfaceName: string
    endpointHost: string | undefined
  }
  /** discovery: scan limits, and the MNDP listener (UDP; port 0: off) */
  readonly discovery: {
    concurrency: number
    ratePerS: number
    timeoutMs: number
    mndpPort: number
    mndpHost: string
  }
}

/** `a.b.c.d/n` → network number and prefix (host bits must be zero); undefined when malformed. */
function parseRange(text: string): { network: number; prefix: number; text: string } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text)
  if (!m) return undefined
  const octets = m.slice(1, 5).map(Number)
  const prefix = Number(m[5])
  if (octets.some((o) => o > 255) || prefix < 8 || prefix > 30) return undefined
  const network = octets.reduce((n, o) => n * 256 + o, 0)
  const size = 2 ** (32 - prefix)
  return network % size === 0 ? { network, prefix, text } : undefined
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

function decodeKey(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim())) return undefined
  const key = Buffer.from(value.trim(), 'base64')
  return key.length === 32 ? key : undefined
}

/** Keeps OUTPOST_ variables, drops empty strings so they fall back to the defaults. */
function pickOutpost(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = { ...DEFAULTS }
  const anyPort = env.OUTPOST_PORT === '0'
  for (const [k, v] of Object.entries(APPLIANCE_PORTS)) out[k] = anyPort ? '0' : v
  // under systemd (StateDirectory=outpost) the data dir defaults to the one systemd prepared
  const stateDir = env.STATE_DIRECTORY?.split(':')[0]
  if (stateDir) out.OUTPOST_DATA_DIR = stateDir
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('OUTPOST_') && v !== undefined && v !== '') out[k] = v
  }
  return out
}

/**
 * The process environment. This module is its only reader (house rule); the process entries
 * (main, cli, demo) hand it to loadConfig / startOutpost, tests pass their own objects.
 * @example const config = loadConfig(processEnv())
 */
export function processEnv(): Readonly<Record<string, string | undefined>> {
  return process.env
}

/**
 * Parses the environment into a frozen Config; throws ConfigError naming every bad variable.
 * @example const config = loadConfig(processEnv())
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(pickOutpost(env))
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`)
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  }
  const e = parsed.data
  const dataDir = resolve(e.OUTPOST_DATA_DIR)
  return Object.freeze({
    port: e.OUTPOST_PORT,
    host: e.OUTPOST_HOST,
    dataDir,
    dbFile: resolve(dataDir, 'outpost.db'),
    database:
      e.OUTPOST_DATABASE_URL === undefined
        ? undefined
        : Object.freeze({
            url: e.OUTPOST_DATABASE_URL,
            ownerUrl: e.OUTPOST_DATABASE_OWNER_URL ?? e.OUTPOST_DATABASE_URL,
          }),
    logLevel: e.OUTPOST_LOG_LEVEL,
    tokenSecret:
      e.OUTPOST_TOKEN_SECRET === undefined
        ? undefined
        : Buffer.from(e.OUTPOST_TOKEN_SECRET, 'utf8'),
    masterKey: e.OUTPOST_MASTER_KEY === undefined ? undefined : decodeKey(e.OUTPOST_MASTER_KEY),
    argon2Profile: e.OUTPOST_ARGON2_PROFILE,
    secureCookies: e.OUTPOST_SECURE_COOKIES,
    trustProxy: e.OUTPOST_TRUST_PROXY,
    metricsToken: e.OUTPOST_METRICS_TOKEN,
    publicUrl: (e.OUTPOST_PUBLIC_URL ?? '').replace(/\/+$/, ''),
    metricsRetention: Object.freeze({
      rawHours: e.OUTPOST_METRICS_RAW_HOURS,
      fiveMinuteDays: e.OUTPOST_METRICS_5M_DAYS,
      hourlyDays: e.OUTPOST_METRICS_HOURLY_DAYS,
    }),
    httpsPort: e.OUTPOST_HTTPS_PORT,
    tls:
      e.OUTPOST_TLS_CERT === undefined || e.OUTPOST_TLS_KEY === undefined
        ? undefined
        : Object.freeze({
            certFile: resolve(e.OUTPOST_TLS_CERT),
            keyFile: resolve(e.OUTPOST_TLS_KEY),
          }),
    httpsRedirect: e.OUTPOST_HTTPS_REDIRECT,
    recoveryPort: e.OUTPOST_RECOVERY_PORT,
    backup: Object.freeze({
      intervalHours: e.OUTPOST_BACKUP_INTERVAL_HOURS,
      keep: e.OUTPOST_BACKUP_KEEP,
      passphrase: e.OUTPOST_BACKUP_PASSPHRASE,
    }),
    expectVolume: e.OUTPOST_EXPECT_VOLUME,
    notify: Object.freeze({
      floodLimit: e.OUTPOST_NOTIFY_FLOOD_LIMIT,
      timeoutMs: e.OUTPOST_NOTIFY_TIMEOUT_MS,
    }),
    syslog: Object.freeze({
      port: e.OUTPOST_SYSLOG_PORT,
      maxLines: e.OUTPOST_SYSLOG_MAX_LINES,
      maxDays: e.OUTPOST_SYSLOG_DAYS,
    }),
    terminal: Object.freeze({
      perUser: e.OUTPOST_TERMINAL_PER_USER,
      perDevice: e.OUTPOST_TERMINAL_PER_DEVICE,
      idleMs: e.OUTPOST_TERMINAL_IDLE_S * 1000,
      record: e.OUTPOST_TERMINAL_RECORD,
    }),
    winbox: Object.freeze({
      portMin: Number(e.OUTPOST_WINBOX_PORTS.split('-')[0]),
      portMax: Number(e.OUTPOST_WINBOX_PORTS.split('-')[1]),
      bindHost: e.OUTPOST_WINBOX_HOST ?? e.OUTPOST_HOST,
      idleMs: e.OUTPOST_WINBOX_IDLE_S * 1000,
      devicePort: e.OUTPOST_WINBOX_DEVICE_PORT,
    }),
    overlay: Object.freeze({
      range: parseRange(e.OUTPOST_OVERLAY_RANGE)!,
      tenantPrefix: e.OUTPOST_OVERLAY_TENANT_PREFIX,
      port: e.OUTPOST_OVERLAY_PORT,
      interfaceName: e.OUTPOST_OVERLAY_INTERFACE,
      endpointHost:
        e.OUTPOST_OVERLAY_ENDPOINT ??
        (e.OUTPOST_PUBLIC_URL === undefined ? undefined : new URL(e.OUTPOST_PUBLIC_URL).hostname),
    }),
    discovery: Object.freeze({
      concurrency: e.OUTPOST_DISCOVERY_CONCURRENCY,
      ratePerS: e.OUTPOST_DISCOVERY_RATE,
      timeoutMs: e.OUTPOST_DISCOVERY_TIMEOUT_MS,
      mndpPort: e.OUTPOST_MNDP_PORT,
      mndpHost: e.OUTPOST_MNDP_HOST,
    }),
  })
}
