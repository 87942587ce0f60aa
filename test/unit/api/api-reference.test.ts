import { describe, expect, it } from 'vitest'
import { apiReference, typeText } from '../../../src/api/api-reference.ts'
import { apiRouter } from '../../../src/api/api.routes.ts'
import { openApiDocument, openApiPath } from '../../../src/api/openapi.ts'
import { createTestDeps } from '../../support/db.ts'

describe('the API reference', () => {
  it('describes JSON Schema types in a few words', () => {
    expect(typeText({ type: 'string' })).toBe('string')
    expect(typeText({ anyOf: [{ type: 'integer' }, { type: 'null' }] })).toBe('integer | null')
    expect(typeText({ type: 'string', enum: ['api', 'api-ssl'] })).toBe('"api" | "api-ssl"')
    expect(typeText({ type: 'array', items: { type: 'string' } })).toBe('string[]')
  })

  it('has one section per tag and every operation of the document', async () => {
    const deps = await createTestDeps()
    try {
      const api = apiRouter(deps)
      const sections = apiReference(openApiDocument(api.specs))
      const ops = sections.flatMap((s) => s.operations.map((o) => `${o.method} ${o.path}`))
      expect(ops.sort()).toEqual(
        api.specs.map((s) => `${s.method.toUpperCase()} ${openApiPath(s.path)}`).sort(),
      )
      const patch = sections
        .flatMap((s) => s.operations)
        .find((o) => o.method === 'PATCH' && o.path === '/api/v1/devices/{deviceId}')
      expect(patch?.role).toBe('operator')
      expect(patch?.body?.map((f) => f.name)).toContain('saveAnyway')
      expect(patch?.answers.map((a) => a.status)).toEqual(['200', '401', '403', '404', '422'])
    } finally {
      await deps.close()
    }
  })
})
