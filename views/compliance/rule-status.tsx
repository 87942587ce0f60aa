import type { RuleStatus } from '../../src/compliance/compliance.types.ts'
import { StatusBadge } from '../components/status-badge.tsx'

const TONE = { pass: 'ok', fail: 'bad', unknown: 'muted' } as const
const WORD = { pass: 'Pass', fail: 'Fail', unknown: 'Unknown' } as const

export function RuleStatusBadge({ status }: { status: RuleStatus }) {
  return <StatusBadge label={WORD[status]} tone={TONE[status]} />
}

/** `2026-01-01 12:00 UTC` (views get times as numbers; no clock here). */
export const utc = (ms: number) =>
  `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
