// The OpenAPI 3.1 document of /api/v1, generated from the route specs: the request schemas are
// the zod schemas the routes validate with, the answers the schemas the routes are tested
// against. JSON Schema 2020-12 (what OpenAPI 3.1 uses) comes from zod's own z.toJSONSchema.
import { z } from 'zod'
import { ACCESS_COOKIE } from '../http/session-cookies.ts'
import { APP_VERSION } from '../lib/version.ts'
import type { ApiAnswer, ApiRole, ApiRouteSpec } from './api-router.ts'
import { errorSchema } from './schemas/common.ts'

export const API_BASE = '/api/v1'

type Json = Record<string, unknown>

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json
  return rest
}

/** `/devices/:deviceId` → `/api/v1/devices/{deviceId}` */
export function openApiPath(path: string): string {
  return API_BASE + path.replace(/:(\w+)/g, '{$1}')
}

const ERROR_REF = { $ref: '#/components/schemas/Error' }

const ROLE_TEXT: Record<ApiRole, string> = {
  public: 'Public.',
  session: 'Any signed-in user or API key.',
  viewer: 'Role viewer or above in the active tenant (API keys: their tenant).',
  operator: 'Role operator or above in the active tenant (API keys with role operator).',
  admin: 'Tenant admin (signed-in user; API keys stop at operator).',
  super_admin: 'Super admin (signed-in user).',
}

function errorAnswer(description: string): Json {
  return { description, content: { 'application/json': { schema: ERROR_REF } } }
}

function answer(status: number, a: ApiAnswer): Json {
  if (a === null) return { description: 'No content' }
  if (a === 'csv')
    return {
      description: 'CSV (RFC 4180)',
      content: { 'text/csv': { schema: { type: 'string' } } },
    }
  // reports (issue 18)
  if (a === 'pdf')
    return {
      description: 'PDF document',
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    }
  if (a === 'text')
    return {
      description: 'Plain text (UTF-8)',
      content: { 'text/plain': { schema: { type: 'string' } } },
    }
  return {
    description: status === 201 ? 'Created' : 'OK',
    content: { 'application/json': { schema: jsonSchema(a, 'output') } },
  }
}

function parameters(spec: ApiRouteSpec): Json[] {
  const params: Json[] = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  if (spec.query) {
    const q = jsonSchema(spec.query, 'input') as {
      properties?: Record<string, Json>
      required?: string[]
    }
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      const { description, ...rest } = schema
      params.push({
        name,
        in: 'query',
        required: q.required?.includes(name) ?? false,
        schema: rest,
        ...(description ? { description } : {}),
      })
    }
  }
  return params
}

function operation(spec: ApiRouteSpec): Json {
  const responses: Json = {}
  for (const [status, a] of Object.entries(spec.responses))
    responses[status] = answer(Number(status), a)
  if (spec.role !== 'public') responses['401'] = errorAnswer('Not signed in and no valid API key')
  if (spec.role !== 'public' && spec.role !== 'session')
    responses['403'] = errorAnswer('Role too low')
  if (spec.path.includes(':'))
    responses['404'] = errorAnswer('Unknown id, or an object of another tenant')
  if (spec.body || spec.query)
    responses['422'] = errorAnswer('Validation failed (`fields` names each bad field)')
  const params = parameters(spec)
  return {
    operationId: `${spec.method}${spec.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_m, ch?: string) => (ch ?? '').toUpperCase())}`,
    tags: [spec.tag],
    summary: spec.summary,
    description: [ROLE_TEXT[spec.role], spec.description].filter(Boolean).join(' '),
    'x-min-role': spec.role,
    ...(spec.role === 'public' ? { security: [] } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
          },
        }
      : {}),
    responses,
  }
}

/** The whole document for the given routes. */
export function openApiDocument(specs: readonly ApiRouteSpec[]): Json {
  const paths: Record<string, Json> = {}
  for (const spec of specs) (paths[openApiPath(spec.path)] ??= {})[spec.method] = operation(spec)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Outpost API',
      version: APP_VERSION,
      description:
        'JSON API of Outpost. Field names are camelCase; times are epoch milliseconds; every error is `{ "error": { "code", "message", "fields"? } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    tags: [...new Set(specs.map((s) => s.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: `opk_…`' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: ACCESS_COOKIE,
          description:
            'A signed-in browser; state-changing calls also need `X-CSRF-Token` and a same-host `Origin`.',
        },
      },
    },
  }
}
