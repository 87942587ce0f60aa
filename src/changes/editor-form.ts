// The config editor's form posts turned into operations: `op`, `path`, the entry's `id`, and for
// add/set the fields `p.<property>` with the value shown before in `o.<property>`; only changed
// fields become values, and an empty secret means "unchanged". Bad input names the field.
import { ValidationError } from '../lib/errors.ts'
import { normalizePath } from './catalogue.ts'
import type { ChangeOperation } from './changes.types.ts'
import { operationSchema } from './changes.schema.ts'

export function operationFromForm(form: Record<string, string>): ChangeOperation {
  const path = normalizePath(form.path ?? '')
  if (!path) throw new ValidationError({ path: 'a RouterOS path such as /ip/address' })
  const id = form.id ?? ''
  const where = id !== '' ? { '.id': id } : undefined
  const values: Record<string, string> = {}
  for (const [k, v] of Object.entries(form)) {
    if (!k.startsWith('p.')) continue
    const name = k.slice(2)
    if (v !== (form[`o.${name}`] ?? '') && !(v === '' && form[`o.${name}`] === undefined))
      values[name] = v
  }
  let op: unknown
  switch (form.op) {
    case 'add':
      op = {
        op: 'add',
        path,
        values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')),
      }
      break
    case 'set':
      if (Object.keys(values).length === 0)
        throw new ValidationError({ values: 'Nothing was changed.' })
      op = where ? { op: 'set', path, where, values } : { op: 'set', path, values }
      break
    case 'remove':
    case 'enable':
    case 'disable':
      op = { op: form.op, path, where }
      break
    case 'move':
      op = { op: 'move', path, where, ...(form.before ? { before: { '.id': form.before } } : {}) }
      break
    default:
      throw new ValidationError({ op: 'add, set, remove, enable, disable or move' })
  }
  const r = operationSchema.safeParse(op)
  if (!r.success)
    throw new ValidationError(
      Object.fromEntries(
        r.error.issues.map((i) => [i.path.map(String).join('.') || 'op', i.message]),
      ),
    )
  return r.data
}
