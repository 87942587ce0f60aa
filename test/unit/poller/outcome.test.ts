import { describe, expect, it } from 'vitest'
import {
  BadCredentialsError,
  ApiPermissionError,
  CommandTimeoutError,
  ConnectTimeoutError,
  ProtocolError,
  RefusedError,
  TrapError,
} from '../../../src/routeros/errors.ts'
import { classifyError, deriveStatus, errorCode } from '../../../src/poller/outcome.ts'

describe('classifyError', () => {
  it('treats refused and timed-out connections as unreachable at warn', () => {
    for (const e of [new RefusedError('x'), new ConnectTimeoutError('y')]) {
      const c = classifyError(e)
      expect(c.status).toBe('unreachable')
      expect(c.level).toBe('warn')
      expect(c.dropsConnection).toBe(true)
    }
    expect(classifyError(new RefusedError('x')).reason).toMatch(/refused/i)
  })

  it('maps bad credentials and a missing api policy to auth_failed', () => {
    expect(classifyError(new BadCredentialsError('bad')).status).toBe('auth_failed')
    const c = classifyError(new ApiPermissionError('no'))
    expect(c.status).toBe('auth_failed')
    expect(c.reason).toMatch(/"api" policy/)
  })

  it('keeps the connection after a trap, and reopens it after a command timeout (the client closed it)', () => {
    const t = classifyError(new TrapError('/interface/wifi/print', 'no such command prefix', 0))
    expect(t).toMatchObject({ status: 'command_failed', dropsConnection: false })
    expect(t.reason).toContain('no such command prefix')
    const timeout = classifyError(new CommandTimeoutError('/ip/route/print', 30_000))
    expect(timeout).toMatchObject({ status: 'command_failed', dropsConnection: true })
  })

  it('drops the connection on garbage and classifies unknown errors as internal at error', () => {
    expect(classifyError(new ProtocolError('reserved byte')).dropsConnection).toBe(true)
    const c = classifyError(new TypeError('boom'))
    expect(c).toMatchObject({ status: 'internal_error', level: 'error' })
    expect(c.reason).not.toContain('boom')
    expect(errorCode(new TypeError('x'))).toBe('internal')
    expect(errorCode(new RefusedError('x'))).toBe('refused')
  })
})

describe('deriveStatus', () => {
  const ok = { status: 'ok' as const, at: 0, durationMs: 1, data: {} }
  it('is online with no failed collectors and degraded with some', () => {
    expect(deriveStatus({ ...ok, failures: [] })).toBe('online')
    expect(deriveStatus({ ...ok, failures: [{ kind: 'health', reason: 'x' }] })).toBe('degraded')
  })

  it('is auth_failed or offline for failed polls', () => {
    const base = { at: 0, durationMs: 1, reason: 'r', code: 'refused' as const }
    expect(deriveStatus({ ...base, status: 'auth_failed' })).toBe('auth_failed')
    expect(deriveStatus({ ...base, status: 'unreachable' })).toBe('offline')
    expect(deriveStatus({ ...base, status: 'command_failed' })).toBe('offline')
  })
})
