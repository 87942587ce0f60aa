// Renders a change set as the RouterOS script a person would type: what the preview shows, the
// history keeps and the audit records (with secrets masked). The API applies the same operations
// word by word (apply-ops.ts); this text is for people and for `/import`-style review.
import type { ChangeOperation, PropertyValues } from './changes.types.ts'
import { isSecretProperty, MASK, maskScriptLine } from './secrets.ts'

/** `value` quoted the way RouterOS CLI needs it (spaces, quotes, `$`, `;` and empty values). */
export function quote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_.:/,*+@!-]+$/.test(value)) return value
  return `"${value
    .replace(/[\\"$]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')}"`
}

/** `/ip/firewall/filter` → `/ip firewall filter` (the CLI spelling). */
export function cliPath(path: string): string {
  const parts = path.split('/').filter((s) => s !== '')
  return parts.length === 0 ? '/' : `/${parts.join(' ')}`
}

function pairs(values: PropertyValues, mask: boolean): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${mask && isSecretProperty(k) ? MASK : quote(v)}`)
    .join(' ')
}

/** `[find k=v …]`, or '' for a singleton menu (no selector). */
export function findExpr(where: PropertyValues | undefined, mask = false): string {
  if (!where || Object.keys(where).length === 0) return ''
  const keys = Object.keys(where)
  if (keys.length === 1 && keys[0] === '.id') return where['.id'] ?? ''
  return `[find ${pairs(where, mask)}]`
}

/** The script line(s) of one operation. */
export function renderOperation(op: ChangeOperation, mask = false): string[] {
  if (op.op === 'script') return op.lines.map((l) => (mask ? maskScriptLine(l) : l))
  const head = cliPath(op.path)
  const words = (...w: string[]) => [head, ...w.filter((s) => s !== '')].join(' ')
  switch (op.op) {
    case 'add': {
      const place = op.before ? `place-before=${findExpr(op.before, mask)}` : ''
      return [words('add', pairs(op.values, mask), place)]
    }
    case 'set':
      return [words('set', findExpr(op.where, mask), pairs(op.values, mask))]
    case 'move':
      return [
        words(
          'move',
          findExpr(op.where, mask),
          op.before ? `destination=${findExpr(op.before, mask)}` : '',
        ),
      ]
    default:
      return [words(op.op, findExpr(op.where, mask))]
  }
}

/** The whole change set as one script (one line per operation, script lines as given). */
export function renderScript(ops: readonly ChangeOperation[], mask = false): string {
  return ops.flatMap((op) => renderOperation(op, mask)).join('\n')
}
