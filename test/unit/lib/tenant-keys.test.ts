import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SecretboxError } from '../../../src/lib/secretbox.ts'
import {
  forgetTenantKey,
  tenantDataKey,
  unwrapDataKey,
  wrapDataKey,
  type WrappedKeyStore,
} from '../../../src/lib/tenant-keys.ts'

function memoryStore() {
  const rows = new Map<string, string>()
  let loads = 0
  const store: WrappedKeyStore = {
    load: async (tenantId) => {
      loads++
      return rows.get(tenantId)
    },
    insertIfAbsent: async (tenantId, wrapped) => {
      if (!rows.has(tenantId)) rows.set(tenantId, wrapped)
      return rows.get(tenantId) as string
    },
  }
  return { store, rows, loads: () => loads }
}

describe('tenant keys', () => {
  const master = randomBytes(32)

  it('wraps and unwraps a data key', () => {
    const dataKey = new Uint8Array(randomBytes(32))
    const wrapped = wrapDataKey(master, 't1', dataKey)
    expect(wrapped).not.toContain(Buffer.from(dataKey).toString('base64'))
    expect(unwrapDataKey(master, 't1', wrapped)).toEqual(dataKey)
  })

  it('refuses to unwrap under another tenant or another master key', () => {
    const wrapped = wrapDataKey(master, 't1', new Uint8Array(randomBytes(32)))
    expect(() => unwrapDataKey(master, 't2', wrapped)).toThrow(SecretboxError)
    expect(() => unwrapDataKey(randomBytes(32), 't1', wrapped)).toThrow(SecretboxError)
  })

  it('creates one random key per tenant, stores it wrapped and reuses it', async () => {
    const m = randomBytes(32)
    const { store, rows } = memoryStore()
    const a1 = await tenantDataKey(m, 'a', store)
    const b = await tenantDataKey(m, 'b', store)
    expect(a1).toHaveLength(32)
    expect(a1).not.toEqual(b)
    expect(rows.size).toBe(2)
    forgetTenantKey(m, 'a')
    expect(await tenantDataKey(m, 'a', store)).toEqual(a1)
  })

  it('caches unwrapped keys in memory', async () => {
    const m = randomBytes(32)
    const mem = memoryStore()
    await tenantDataKey(m, 'a', mem.store)
    const loads = mem.loads()
    await tenantDataKey(m, 'a', mem.store)
    expect(mem.loads()).toBe(loads)
  })

  it('agrees on one key when two first uses race', async () => {
    const m = randomBytes(32)
    const { store, rows } = memoryStore()
    const [x, y] = await Promise.all([tenantDataKey(m, 'a', store), tenantDataKey(m, 'a', store)])
    expect(x).toEqual(y)
    expect(rows.size).toBe(1)
  })

  it('rejects a short master key', () => {
    expect(() => wrapDataKey(randomBytes(16), 't', new Uint8Array(32))).toThrow(SecretboxError)
  })
})
