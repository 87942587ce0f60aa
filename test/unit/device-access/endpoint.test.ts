import { describe, expect, it } from 'vitest'
import { endpointDigestV1 } from '../../../src/db/migrations/0004-device-access.ts'
import {
  bindingDecision,
  endpointChange,
  endpointDigest,
  endpointWithDefaults,
} from '../../../src/device-access/index.ts'

const base = endpointWithDefaults({ host: '10.0.0.1' })
const ssl = endpointWithDefaults({
  host: '10.0.0.1',
  transport: 'api-ssl',
  tls_mode: 'pin',
  tls_fingerprint: 'AB:'.repeat(31) + 'AB',
})
const none = { username: null, password: null }
const noConfirm = { sendStoredCredentials: false, isAdmin: true }

describe('endpoint digest', () => {
  it('matches the frozen copy in migration 0004', () => {
    for (const e of [
      base,
      ssl,
      { ...base, host2: '10.0.0.2', ssh_host_key: 'SHA256:x' },
      { ...ssl, tls_mode: 'verify' as const, tls_ca_pem: 'pem' },
    ]) {
      expect(endpointDigestV1(e)).toBe(endpointDigest(e))
    }
  })

  it('ignores what does not change the connection and notices everything that does', () => {
    expect(endpointDigest({ ...base, host: '10.0.0.1 ', tls_fingerprint: 'stale' })).toBe(
      endpointDigest(base),
    )
    expect(endpointDigest({ ...ssl, tls_fingerprint: 'ab'.repeat(32) })).toBe(endpointDigest(ssl))
    for (const change of [
      { host: '10.0.0.9' },
      { host2: '10.0.0.2' },
      { api_port: 18728 },
      { ssh_port: 2222 },
      { ssh_host_key: 'SHA256:y' },
      { transport: 'api-ssl' as const },
    ]) {
      expect(endpointDigest({ ...base, ...change })).not.toBe(endpointDigest(base))
    }
  })
})

describe('binding rule', () => {
  it('keeps stored credentials for the same endpoint and asks for them again otherwise', () => {
    expect(bindingDecision(base, { ...base }, none, noConfirm)).toMatchObject({
      ok: true,
      mode: 'same_endpoint',
    })
    const moved = bindingDecision(
      base,
      { ...base, api_port: 1 },
      { username: null, password: 'only-one' },
      noConfirm,
    )
    expect(moved).toMatchObject({
      ok: false,
      fields: { username: expect.stringContaining('api port') },
    })
    expect(
      bindingDecision(base, { ...base, api_port: 1 }, { username: 'a', password: 'b' }, noConfirm),
    ).toMatchObject({ ok: true, mode: 'reentered' })
  })

  it('lets only an admin confirm a move, and nobody a weakening', () => {
    const moved = { ...base, host: '10.9.9.9' }
    expect(
      bindingDecision(base, moved, none, { sendStoredCredentials: true, isAdmin: true }),
    ).toMatchObject({ ok: true, mode: 'forwarded' })
    expect(
      bindingDecision(base, moved, none, { sendStoredCredentials: true, isAdmin: false }),
    ).toMatchObject({ ok: false, fields: { send_stored_credentials: expect.any(String) } })
    const admin = { sendStoredCredentials: true, isAdmin: true }
    expect(bindingDecision(ssl, { ...ssl, transport: 'api' }, none, admin)).toMatchObject({
      ok: false,
      fields: { transport: expect.any(String) },
    })
    expect(bindingDecision(ssl, { ...ssl, tls_mode: 'insecure' }, none, admin)).toMatchObject({
      ok: false,
      fields: { tls_mode: expect.any(String) },
    })
    expect(bindingDecision(ssl, { ...ssl, tls_mode: 'certless' }, none, admin)).toMatchObject({
      ok: false,
    })
    expect(bindingDecision({ ...base, ssh_host_key: 'SHA256:k' }, base, none, admin)).toMatchObject(
      { ok: false, fields: { ssh_host_key: expect.any(String) } },
    )
    // strengthening is still a change (re-entry or confirmation), but not a weakening
    expect(endpointChange(base, ssl).weakened).toEqual([])
  })
})
