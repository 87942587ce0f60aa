// Rendering a template for one device: `{{name}}` placeholders replaced by checked values. A value
// can never add a command: inside double quotes it is escaped; outside, anything but a plain
// word is put in quotes.
import type { TargetDevice } from '../targets.repo.ts'
import { resolveValues, type Variable } from './variables.ts'

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g
const PLAIN = /^[A-Za-z0-9._:@/+,*-]*$/

export function escapeQuoted(v: string): string {
  return v.replace(/[\\"$]/g, (c) => `\\${c}`)
}

/** Names used in the body, in order of first use. */
export function placeholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1] as string))]
}

function insideQuotes(line: string, index: number): boolean {
  let quoted = false
  for (let i = 0; i < index; i++) {
    if (line[i] === '\\') i++
    else if (line[i] === '"') quoted = !quoted
  }
  return quoted
}

export function fill(body: string, values: Readonly<Record<string, string>>): string {
  return body
    .split('\n')
    .map((line) =>
      line.replace(PLACEHOLDER, (_m, name: string, offset: number) => {
        const v = values[name] ?? ''
        if (insideQuotes(line, offset)) return escapeQuoted(v)
        return PLAIN.test(v) ? v : `"${escapeQuoted(v)}"`
      }),
    )
    .join('\n')
}

export interface Rendered {
  deviceId: string
  deviceName: string
  script: string
  errors: string[]
}

/** The script for one device, or the reasons it cannot be rendered. */
export function renderFor(
  body: string,
  vars: readonly Variable[],
  d: TargetDevice,
  grid: Readonly<Record<string, unknown>> | undefined,
): Rendered {
  const { values, errors } = resolveValues(vars, d, grid)
  const declared = new Set(vars.map((v) => v.name))
  for (const p of placeholders(body))
    if (!declared.has(p)) errors.push(`{{${p}}} is used but not declared as a variable.`)
  return {
    deviceId: d.id,
    deviceName: d.name,
    script: errors.length > 0 ? '' : fill(body, values),
    errors,
  }
}
