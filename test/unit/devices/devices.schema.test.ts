import { describe, expect, it } from 'vitest'
import {
  deviceCreateSchema,
  deviceListQuerySchema,
  deviceUpdateSchema,
} from '../../../src/devices/devices.schema.ts'

const base = { name: 'core-1', host: '10.0.0.1', username: 'admin', password: 'secret' }

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((i) => i.path.join('.'))
}

describe('deviceCreateSchema', () => {
  it('fills defaults from a minimal form', () => {
    const r = deviceCreateSchema.parse({ ...base, host2: '', notes: '' })
    expect(r).toMatchObject({
      transport: 'api',
      tls_mode: 'insecure',
      api_port: null,
      ssh_port: null,
      host2: null,
      notes: '',
      is_enabled: true,
      poll_interval_s: 60,
      tag_ids: [],
    })
  })

  it('coerces form strings and JSON numbers alike', () => {
    const form = deviceCreateSchema.parse({
      ...base,
      api_port: '8729',
      poll_interval_s: '30',
      latitude: '47.5',
    })
    const json = deviceCreateSchema.parse({
      ...base,
      api_port: 8729,
      poll_interval_s: 30,
      latitude: 47.5,
    })
    expect(form).toEqual(json)
  })

  it.each([
    ['host', { host: 'not a host!' }],
    ['host', { host: '' }],
    ['host2', { host2: 'bad_host' }],
    ['name', { name: '  ' }],
    ['api_port', { api_port: '70000' }],
    ['api_port', { api_port: 'abc' }],
    ['poll_interval_s', { poll_interval_s: '5' }],
    ['latitude', { latitude: '91' }],
    ['transport', { transport: 'telnet' }],
    ['username', { username: '' }],
  ])('reports %s when invalid', (field, patch) => {
    expect(fieldErrors(deviceCreateSchema.safeParse({ ...base, ...patch }))).toContain(field)
  })

  it('accepts IPv6 and DNS names', () => {
    for (const host of ['fe80::1', '2001:db8::10', 'router.example.net', 'r1']) {
      expect(deviceCreateSchema.safeParse({ ...base, host }).success).toBe(true)
    }
  })

  it('requires a fingerprint when pinning', () => {
    const r = deviceCreateSchema.safeParse({ ...base, transport: 'api-ssl', tls_mode: 'pin' })
    expect(fieldErrors(r)).toContain('tls_fingerprint')
    const ok = deviceCreateSchema.safeParse({
      ...base,
      transport: 'api-ssl',
      tls_mode: 'pin',
      tls_fingerprint: 'ab'.repeat(32),
    })
    expect(ok.success).toBe(true)
  })
})

describe('deviceUpdateSchema', () => {
  it('treats blank credentials as unchanged', () => {
    const r = deviceUpdateSchema.parse({ name: 'x', host: 'h', username: '', password: '' })
    expect(r.username).toBeNull()
    expect(r.password).toBeNull()
  })
})

describe('deviceListQuerySchema', () => {
  it('falls back to safe defaults for garbage', () => {
    expect(
      deviceListQuerySchema.parse({ sort: 'drop table', page: '-3', per_page: 'x' }),
    ).toMatchObject({
      sort: 'name',
      page: 1,
      per_page: 50,
      q: '',
    })
  })
})
