// Turns each operation into RouterOS API words and runs it on a session: items picked by
// `where` are resolved to ids with a print query first, so a `set` never touches more or other
// items than the preview promised. Script lines are run as a one-off /system/script.
import { randomBytes } from 'node:crypto'
import type { RouterOsSession, Row } from '../routeros/index.ts'
import type { ChangeOperation, PropertyValues } from './changes.types.ts'

/** An operation that could not be carried out, in words for the user. */
export class OperationError extends Error {}

function attrs(values: PropertyValues): string[] {
  return Object.entries(values).map(([k, v]) => `=${k}=${v}`)
}

function describe(where: PropertyValues): string {
  return Object.entries(where)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
}

/** RouterOS prints booleans as true/false; people write yes/no. */
function same(a: string | undefined, b: string): boolean {
  const n = (v: string | undefined) => (v === 'yes' ? 'true' : v === 'no' ? 'false' : v)
  return n(a) === n(b)
}

export function matches(row: Row, where: PropertyValues): boolean {
  return Object.entries(where).every(([k, v]) => same(row[k], v))
}

/** Ids of the items of `path` matching `where` (every item must match all pairs). */
export async function findIds(
  s: RouterOsSession,
  path: string,
  where: PropertyValues,
): Promise<string[]> {
  const rows = await s.print(path)
  return rows
    .filter((r) => matches(r, where))
    .map((r) => r['.id'] ?? '')
    .filter((id) => id !== '')
}

async function targetIds(
  s: RouterOsSession,
  path: string,
  where: PropertyValues,
): Promise<string[]> {
  const ids = await findIds(s, path, where)
  if (ids.length === 0) throw new OperationError(`no item of ${path} matches ${describe(where)}`)
  return ids
}

const isSingleton = (where: PropertyValues | undefined): boolean =>
  !where || Object.keys(where).length === 0

/** Runs one operation; throws OperationError or the RouterOS client's error. */
export async function applyOperation(s: RouterOsSession, op: ChangeOperation): Promise<void> {
  switch (op.op) {
    case 'script':
      await runLines(s, op.lines)
      return
    case 'add': {
      const place = op.before
        ? [`=place-before=${(await targetIds(s, op.path, op.before))[0] ?? ''}`]
        : []
      await s.write([`${op.path}/add`, ...attrs(op.values), ...place])
      return
    }
    case 'set':
      if (isSingleton(op.where)) await s.write([`${op.path}/set`, ...attrs(op.values)])
      else
        await s.write([
          `${op.path}/set`,
          `=.id=${(await targetIds(s, op.path, op.where ?? {})).join(',')}`,
          ...attrs(op.values),
        ])
      return
    case 'move': {
      const ids = await targetIds(s, op.path, op.where ?? {})
      const dest = op.before
        ? [`=destination=${(await targetIds(s, op.path, op.before))[0] ?? ''}`]
        : []
      await s.write([`${op.path}/move`, `=numbers=${ids.join(',')}`, ...dest])
      return
    }
    default:
      await s.write([
        `${op.path}/${op.op}`,
        `=.id=${(await targetIds(s, op.path, op.where ?? {})).join(',')}`,
      ])
  }
}

/** Script lines run as a temporary /system/script (added, run, removed). */
async function runLines(s: RouterOsSession, lines: readonly string[]): Promise<void> {
  const name = `outpost-change-${randomBytes(4).toString('hex')}`
  await s.write(['/system/script/add', `=name=${name}`, `=source=${lines.join('\n')}`])
  try {
    await s.write(['/system/script/run', `=.id=${name}`])
  } finally {
    const ids = await findIds(s, '/system/script', { name }).catch(() => [])
    if (ids.length > 0)
      await s.write(['/system/script/remove', `=.id=${ids.join(',')}`]).catch(() => undefined)
  }
}
