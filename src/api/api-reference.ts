// The API reference page's content, read from the OpenAPI document itself, so the page shows
// exactly what /api/v1/openapi.json says.
import type { ApiAnswerView, ApiFieldRow, ApiSectionView } from './api.types.ts'

type Schema = Record<string, unknown>

const asSchema = (v: unknown): Schema => (v !== null && typeof v === 'object' ? (v as Schema) : {})

/** A JSON Schema in a few words: `string`, `integer | null`, `"api" | "api-ssl"`, `object[]`. */
export function typeText(s: Schema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ')
  if (s.const !== undefined) return JSON.stringify(s.const)
  const union = (s.anyOf ?? s.oneOf) as unknown
  if (Array.isArray(union)) return union.map((u) => typeText(asSchema(u))).join(' | ')
  if (s.$ref === '#/components/schemas/Error') return 'Error'
  if (s.type === 'array') return `${typeText(asSchema(s.items))}[]`
  if (typeof s.type === 'string') return s.type
  return 'any'
}

function fieldsOf(schema: Schema): ApiFieldRow[] {
  const props = asSchema(schema.properties)
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  return Object.entries(props).map(([name, value]) => {
    const s = asSchema(value)
    return {
      name,
      type: typeText(s),
      required: required.includes(name),
      description: typeof s.description === 'string' ? s.description : '',
    }
  })
}

function answers(responses: Schema): ApiAnswerView[] {
  return Object.entries(responses).map(([status, value]) => {
    const r = asSchema(value)
    const content = asSchema(r.content)
    const [contentType, media] = Object.entries(content)[0] ?? [null, undefined]
    const schema = asSchema(asSchema(media).schema)
    const isError = schema.$ref !== undefined
    return {
      status,
      description: typeof r.description === 'string' ? r.description : '',
      contentType,
      fields: isError ? [] : fieldsOf(schema),
      schema:
        media && !isError && schema.type === 'object' ? JSON.stringify(schema, null, 2) : null,
    }
  })
}

/** Sections (one per tag) of operations, in document order. */
export function apiReference(doc: Schema): ApiSectionView[] {
  const sections = new Map<string, ApiSectionView>()
  for (const [path, item] of Object.entries(asSchema(doc.paths))) {
    for (const [method, value] of Object.entries(asSchema(item))) {
      const op = asSchema(value)
      const tag = Array.isArray(op.tags) ? String(op.tags[0]) : 'Other'
      const section = sections.get(tag) ?? { tag, operations: [] }
      sections.set(tag, section)
      const params = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => {
        const ps = asSchema(p)
        const s = asSchema(ps.schema)
        return {
          name: String(ps.name),
          in: String(ps.in),
          type: typeText(s),
          required: ps.required === true,
          description: typeof ps.description === 'string' ? ps.description : '',
        }
      })
      const bodySchema = asSchema(
        asSchema(asSchema(asSchema(op.requestBody).content)['application/json']).schema,
      )
      const variants = (Array.isArray(bodySchema.anyOf) ? bodySchema.anyOf : [bodySchema]).map(
        asSchema,
      )
      const object = variants.find((v) => v.type === 'object')
      const array = variants.find((v) => v.type === 'array')
      const body = op.requestBody === undefined ? null : fieldsOf(object ?? asSchema(array?.items))
      const bodyNote =
        object && array
          ? 'or a JSON array of such objects'
          : array
            ? 'a JSON array of objects with these fields'
            : ''
      section.operations.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ''),
        description: String(op.description ?? ''),
        role: String(op['x-min-role'] ?? ''),
        params,
        body,
        bodyNote,
        answers: answers(asSchema(op.responses)),
      })
    }
  }
  return [...sections.values()]
}
