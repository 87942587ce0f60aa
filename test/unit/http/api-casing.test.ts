import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { apiFieldPath, apiFields, apiKey, camelSchema } from '../../../src/http/api-casing.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'

describe('apiKey', () => {
  it('turns form names into camelCase, with the few renames, and leaves _body alone', () => {
    expect(
      ['api_port', 'tls_ca_pem', 'poll_interval_s', 'is_enabled', 'per_page', 'name', '_body'].map(
        apiKey,
      ),
    ).toEqual(['apiPort', 'tlsCaPem', 'pollIntervalS', 'enabled', 'pageSize', 'name', '_body'])
    expect(apiFieldPath('3.tag_ids.0')).toBe('3.tagIds.0')
    expect(apiFields({ site_id: 'a', siteId: 'b' })).toEqual({ siteId: 'a' })
  })
})

describe('camelSchema', () => {
  const api = camelSchema(deviceCreateSchema)

  it('has the form fields under API names; a field with a default is optional', () => {
    const keys = Object.keys(api.schema.shape)
    expect(keys).toEqual(
      expect.arrayContaining([
        'apiPort',
        'tlsMode',
        'tagIds',
        'enabled',
        'pollIntervalS',
        'username',
      ]),
    )
    expect(keys.some((k) => k.includes('_'))).toBe(false)
    const json = z.toJSONSchema(api.schema, { io: 'input', unrepresentable: 'any' }) as {
      required: string[]
    }
    // username is optional since a credential profile may supply it (the schema then asks for one)
    expect(json.required.sort()).toEqual(['host', 'name'])
  })

  it('refuses unknown (old snake_case) keys and maps values back to form names', () => {
    expect(
      api.schema.safeParse({ name: 'a', host: '10.0.0.1', username: 'u', api_port: 1 }).success,
    ).toBe(false)
    const parsed = api.schema.parse({
      name: 'a',
      host: '10.0.0.1',
      username: 'u',
      apiPort: 8729,
      enabled: false,
    })
    const form = deviceCreateSchema.parse(api.toForm(parsed))
    expect(form).toMatchObject({
      api_port: 8729,
      is_enabled: false,
      transport: 'api',
      poll_interval_s: 60,
    })
  })
})
