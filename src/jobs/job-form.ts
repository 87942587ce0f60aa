// The HTML forms of jobs, templates and guided config, turned into the same inputs the JSON API
// takes (so both are checked by the same schemas).
import type { z } from 'zod'
import { ValidationError } from '../lib/errors.ts'
import { guidedSchema } from './guided/guided.schema.ts'
import { GUIDED_FIELD_LISTS } from './guided/guided-fields.ts'
import { jobCreateSchema, type JobCreateInput } from './jobs.schema.ts'
import type { Variable } from './templates/variables.ts'

type Values = Record<string, string | string[]>
const one = (v: Values, k: string): string => {
  const x = v[k]
  return (Array.isArray(x) ? x[0] : x) ?? ''
}

function targetsOf(v: Values): Record<string, unknown> {
  const value = one(v, 'targetValue').trim()
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  switch (one(v, 'targetKind')) {
    case 'tag':
      return { tags: list }
    case 'site':
      return { site: value }
    case 'ids':
      return { deviceIds: list }
    default:
      return { all: true }
  }
}

function firstIssue(e: z.ZodError): string {
  const i = e.issues[0]
  return i ? `${i.path.join('.')}${i.path.length > 0 ? ': ' : ''}${i.message}` : 'Check the form.'
}

/** A job input from the shared target fields plus the kind's own fields. */
export function jobFromForm(v: Values, kindFields: Record<string, unknown>): JobCreateInput {
  const num = (k: string, d: number) => (one(v, k) === '' ? d : Number(one(v, k)))
  const confirm = one(v, 'confirmTargets')
  const r = jobCreateSchema.safeParse({
    ...kindFields,
    targets: targetsOf(v),
    concurrency: num('concurrency', 10),
    canary: num('canary', 0),
    canaryAuto: one(v, 'canaryAuto') === 'on',
    stopOnFailure: one(v, 'stopOnFailure') === 'on',
    timeoutS: num('timeoutS', 60),
    mode: one(v, 'mode') || 'standard',
    ...(confirm !== '' ? { confirmTargets: Number(confirm) } : {}),
  })
  if (!r.success) throw new ValidationError({ form: firstIssue(r.error) }, firstIssue(r.error))
  return r.data
}

/** `name type [source=f] [default=x] [choices=a|b] [optional]` per line → variables. */
export function variablesFromText(text: string): Variable[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line) => {
      const [name = '', type = 'string', ...rest] = line.split(/\s+/)
      const opt = (k: string) => rest.find((w) => w.startsWith(`${k}=`))?.slice(k.length + 1)
      const source = opt('source')
      const def = opt('default')
      const choices = opt('choices')
      return {
        name,
        type,
        required: !rest.includes('optional'),
        ...(source ? { source } : {}),
        ...(def !== undefined ? { default: def } : {}),
        ...(choices ? { choices: choices.split('|') } : {}),
      } as Variable
    })
}

export function variablesToText(vars: readonly Variable[]): string {
  return vars
    .map((v) =>
      [
        v.name,
        v.type,
        v.source ? `source=${v.source}` : '',
        v.default !== undefined ? `default=${v.default}` : '',
        v.choices ? `choices=${v.choices.join('|')}` : '',
        v.required ? '' : 'optional',
      ]
        .filter((x) => x !== '')
        .join(' '),
    )
    .join('\n')
}

/** `<deviceId or *> name=value …` per line → the per-device grid. */
export function gridFromText(text: string): Record<string, Record<string, string>> {
  const grid: Record<string, Record<string, string>> = {}
  for (const line of text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')) {
    const [who = '*', ...pairs] = line.split(/\s+/)
    grid[who] = Object.fromEntries(
      pairs
        .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])
        .filter(([k]) => k !== ''),
    )
  }
  return grid
}

/** The guided form's values → its checked input (lists are comma-separated). */
export function guidedFromForm(v: Values): z.output<typeof guidedSchema> {
  const task = one(v, 'task')
  const fields = GUIDED_FIELD_LISTS[task] ?? { fields: [], lists: [], bools: [] }
  const input: Record<string, unknown> = { task }
  for (const name of fields.fields) {
    const raw = one(v, name).trim()
    if (raw === '') continue
    input[name] = fields.lists.includes(name)
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : fields.bools.includes(name)
        ? /^(yes|true|on|1)$/i.test(raw)
        : raw
  }
  const r = guidedSchema.safeParse(input)
  if (!r.success) throw new ValidationError({ form: firstIssue(r.error) }, firstIssue(r.error))
  return r.data
}
