import { describe, expect, it } from 'vitest'
import { classifyError, CredentialsUnboundError } from '../../../src/device-access/index.ts'
import {
  ApiPermissionError,
  BadCredentialsError,
  ConnectTimeoutError,
  RefusedError,
  TlsError,
  UnreachableError,
} from '../../../src/routeros/errors.ts'

describe('classifyError for the add/edit check', () => {
  it.each([
    [
      new UnreachableError('10.9.9.9:8728 is unreachable (EHOSTUNREACH)'),
      'unreachable',
      /10\.9\.9\.9:8728 is unreachable/,
    ],
    [
      new RefusedError('x refused'),
      'refused',
      /refused the connection: the API service is disabled/,
    ],
    [
      new ConnectTimeoutError('connect timed out after 10000 ms'),
      'timeout',
      /did not answer in time/,
    ],
    [
      new TlsError('certificate fingerprint mismatch: expected AA, got BB'),
      'tls',
      /TLS with 10\.9\.9\.9:8728 failed: certificate fingerprint mismatch/,
    ],
    [
      new BadCredentialsError('invalid user name or password (6)'),
      'bad_credentials',
      /rejected the user name or password/,
    ],
    [
      new ApiPermissionError('not enough permissions (9)'),
      'api_permission',
      /lacks the "api" policy/,
    ],
    [new Error('boom'), 'error', /The check failed: boom/],
  ])('classifies %s', (err, code, message) => {
    const r = classifyError(err, { host: '10.9.9.9', port: 8728 })
    expect(r.check).toBe(code)
    expect(r.reason).toMatch(message)
  })

  it('brackets IPv6 addresses', () => {
    expect(classifyError(new RefusedError('r'), { host: 'fe80::1', port: 8728 }).reason).toContain(
      '[fe80::1]:8728',
    )
  })
})

describe('one table for the poller and the check', () => {
  it('gives the poller the same words without an address', () => {
    const forPoller = classifyError(new BadCredentialsError('invalid user name or password (6)'))
    const forCheck = classifyError(new BadCredentialsError('invalid user name or password (6)'), {
      host: '10.9.9.9',
      port: 8728,
    })
    expect(forPoller).toMatchObject({
      status: 'auth_failed',
      check: 'bad_credentials',
      reason: forCheck.reason,
    })
    expect(classifyError(new RefusedError('r')).reason).toMatch(
      /^The device refused the connection/,
    )
  })

  it('classifies credentials bound to another endpoint as an auth failure with a plain instruction', () => {
    const c = classifyError(new CredentialsUnboundError())
    expect(c).toMatchObject({ status: 'auth_failed', level: 'warn', check: 'credentials_unbound' })
    expect(c.reason).toContain('enter the user name and password again')
  })
})
