// Which RouterOS properties hold secrets: masked in previews for viewers, in the audit, in the
// stored history and in the config editor. Erring on the side of masking is the safe mistake.
import type { ChangeOperation, PropertyValues } from './changes.types.ts'

export const MASK = '********'

const SECRET =
  /(^|-)(password|passphrase|secret|private-key|pre-shared-key|preshared-key|psk|authentication-key|auth-key|key-passphrase)$|^wpa2?-pre-shared-key$|^community$|^authentication-password$|^encryption-password$/

export function isSecretProperty(name: string): boolean {
  return SECRET.test(name.toLowerCase())
}

function maskValues(v: PropertyValues | undefined): PropertyValues | undefined {
  if (!v) return v
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isSecretProperty(k) ? MASK : x]))
}

/** Secret values replaced by the mask (for storage, audit and viewers). */
export function maskRow(row: Record<string, string>): Record<string, string> {
  return maskValues(row) ?? {}
}

/** A change set with secret values masked, script lines included. */
export function maskOperations(ops: readonly ChangeOperation[]): ChangeOperation[] {
  return ops.map((op): ChangeOperation => {
    if (op.op === 'script') return { op: 'script', lines: op.lines.map(maskScriptLine) }
    const out: Record<string, unknown> = { ...op }
    for (const key of ['where', 'values', 'before'] as const) {
      if (key in op)
        out[key] = maskValues((op as unknown as Record<string, PropertyValues | undefined>)[key])
    }
    return out as ChangeOperation
  })
}

/** Masks `secret=value` pairs in a hand-written script line. */
export function maskScriptLine(line: string): string {
  return line.replace(/([A-Za-z0-9-]+)=("(?:[^"\\]|\\.)*"|\S+)/g, (all, k: string) =>
    isSecretProperty(k) ? `${k}=${MASK}` : all,
  )
}
