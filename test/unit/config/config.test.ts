import { isAbsolute, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULTS, loadConfig } from '../../../src/config.ts'

const key32 = Buffer.alloc(32, 1).toString('base64')

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected loadConfig to throw')
}

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const c = loadConfig({})
    expect(c.port).toBe(3000)
    expect(c.host).toBe('0.0.0.0')
    expect(c.dataDir).toBe(join(process.cwd(), 'data'))
    expect(c.dbFile).toBe(join(process.cwd(), 'data', 'outpost.db'))
    expect(c.logLevel).toBe('info')
    expect(c.argon2Profile).toBe('owasp')
    expect(c.secureCookies).toBe('auto')
    expect(c.trustProxy).toBe(false)
    expect(c.tokenSecret).toBeUndefined()
    expect(c.masterKey).toBeUndefined()
  })
  it('lists every default in one block', () => {
    expect(Object.keys(DEFAULTS).every((k) => k.startsWith('OUTPOST_'))).toBe(true)
  })
  it('reads every OUTPOST_ variable', () => {
    const c = loadConfig({
      OUTPOST_PORT: '8080',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_DATA_DIR: '/var/lib/outpost',
      OUTPOST_LOG_LEVEL: 'debug',
      OUTPOST_TOKEN_SECRET: 'x'.repeat(40),
      OUTPOST_MASTER_KEY: key32,
      OUTPOST_ARGON2_PROFILE: 'light',
      OUTPOST_SECURE_COOKIES: 'always',
      OUTPOST_TRUST_PROXY: 'true',
    })
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/outpost',
      logLevel: 'debug',
      argon2Profile: 'light',
      secureCookies: 'always',
      trustProxy: true,
    })
    expect(c.tokenSecret?.toString()).toBe('x'.repeat(40))
    expect(c.masterKey?.equals(Buffer.alloc(32, 1))).toBe(true)
  })
  it('returns a frozen object with an absolute data dir', () => {
    const c = loadConfig({ OUTPOST_DATA_DIR: 'rel/dir' })
    expect(Object.isFrozen(c)).toBe(true)
    expect(isAbsolute(c.dataDir)).toBe(true)
  })
  it("defaults the data dir to systemd's STATE_DIRECTORY, below an explicit OUTPOST_DATA_DIR", () => {
    expect(loadConfig({ STATE_DIRECTORY: '/var/lib/outpost' }).dataDir).toBe('/var/lib/outpost')
    expect(loadConfig({ STATE_DIRECTORY: '/var/lib/a:/var/lib/b' }).dataDir).toBe('/var/lib/a')
    expect(
      loadConfig({ STATE_DIRECTORY: '/var/lib/outpost', OUTPOST_DATA_DIR: '/srv/op' }).dataDir,
    ).toBe('/srv/op')
  })
  it('treats an empty variable as unset', () => {
    expect(loadConfig({ OUTPOST_PORT: '' }).port).toBe(3000)
  })
  it('ignores variables without the OUTPOST_ prefix', () => {
    expect(loadConfig({ PORT: '1', HOST: 'x' }).port).toBe(3000)
  })
  it.each([
    ['OUTPOST_PORT', 'abc', /OUTPOST_PORT must be a number/],
    ['OUTPOST_PORT', '70000', /OUTPOST_PORT must be between 0 and 65535/],
    ['OUTPOST_PORT', '80.5', /OUTPOST_PORT must be a whole number/],
    ['OUTPOST_LOG_LEVEL', 'loud', /OUTPOST_LOG_LEVEL must be one of fatal, error/],
    ['OUTPOST_ARGON2_PROFILE', 'fast', /OUTPOST_ARGON2_PROFILE must be owasp or light/],
    ['OUTPOST_SECURE_COOKIES', 'maybe', /OUTPOST_SECURE_COOKIES must be auto, always or never/],
    ['OUTPOST_TRUST_PROXY', 'sure', /OUTPOST_TRUST_PROXY must be true or false/],
    ['OUTPOST_TOKEN_SECRET', 'short', /OUTPOST_TOKEN_SECRET must be at least 32 characters/],
    [
      'OUTPOST_MASTER_KEY',
      Buffer.alloc(16).toString('base64'),
      /OUTPOST_MASTER_KEY must be 32 bytes/,
    ],
    ['OUTPOST_MASTER_KEY', 'not base64!', /OUTPOST_MASTER_KEY must be 32 bytes/],
    ['OUTPOST_HOST', '   ', /OUTPOST_HOST must not be empty/],
  ])('rejects %s=%j with a message naming it', (name, value, message) => {
    expect(errorOf({ [name]: value })).toMatch(message)
  })
  it('reads the metrics retention per tier, with the documented defaults', () => {
    expect(loadConfig({}).metricsRetention).toEqual({
      rawHours: 48,
      fiveMinuteDays: 30,
      hourlyDays: 400,
    })
    const c = loadConfig({
      OUTPOST_METRICS_RAW_HOURS: '12',
      OUTPOST_METRICS_5M_DAYS: '7',
      OUTPOST_METRICS_HOURLY_DAYS: '90',
    })
    expect(c.metricsRetention).toEqual({ rawHours: 12, fiveMinuteDays: 7, hourlyDays: 90 })
    expect(errorOf({ OUTPOST_METRICS_RAW_HOURS: '0' })).toMatch(
      /OUTPOST_METRICS_RAW_HOURS must be between 1 and 8760/,
    )
    expect(errorOf({ OUTPOST_METRICS_HOURLY_DAYS: '1.5' })).toMatch(
      /OUTPOST_METRICS_HOURLY_DAYS must be a whole number/,
    )
  })
  it('names every bad variable at once', () => {
    const msg = errorOf({ OUTPOST_PORT: 'x', OUTPOST_LOG_LEVEL: 'y' })
    expect(msg).toContain('OUTPOST_PORT')
    expect(msg).toContain('OUTPOST_LOG_LEVEL')
  })
})
