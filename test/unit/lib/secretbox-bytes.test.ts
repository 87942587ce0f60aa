import { describe, expect, it } from 'vitest'
import { openBytes, sealBytes, SecretboxError } from '../../../src/lib/secretbox.ts'

const key = new Uint8Array(32).fill(3)
const ctx = { tenantId: 't1', rowId: 'd1/b1', field: 'device_backups.sealed' }

describe('sealBytes / openBytes', () => {
  it('round-trips bytes with 29 bytes of overhead and a fresh nonce each time', () => {
    const data = new Uint8Array(Buffer.from('set name=router\n'))
    const a = sealBytes(key, data, ctx)
    expect(a.length).toBe(data.length + 29)
    expect(Buffer.from(sealBytes(key, data, ctx)).equals(Buffer.from(a))).toBe(false)
    expect(Buffer.from(openBytes(key, a, ctx)).toString()).toBe('set name=router\n')
  })

  it('fails for another row, tenant or key, and for tampered bytes', () => {
    const sealed = sealBytes(key, new Uint8Array([1, 2, 3]), ctx)
    expect(() => openBytes(key, sealed, { ...ctx, rowId: 'd2/b1' })).toThrow(SecretboxError)
    expect(() => openBytes(key, sealed, { ...ctx, tenantId: 't2' })).toThrow(SecretboxError)
    expect(() => openBytes(new Uint8Array(32).fill(4), sealed, ctx)).toThrow(SecretboxError)
    const bad = sealed.slice()
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1
    expect(() => openBytes(key, bad, ctx)).toThrow(SecretboxError)
    expect(() => openBytes(key, new Uint8Array(5), ctx)).toThrow(/malformed/)
  })
})
