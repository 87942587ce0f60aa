// The words of an alert: one sentence saying what, on which device, since when; shared by the
// pages, the API and every notifier so a message reads the same everywhere.
import { RULE_KINDS, type Rule } from './rules.ts'

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

/** e.g. `CPU load 95 % > 90 % (for 5 min)` or `Device offline`. */
export function describeCondition(rule: Rule, label: string | null, value: number | null): string {
  const info = RULE_KINDS[rule.kind]
  const what =
    label !== null
      ? `${info.title} (${label})`
      : info.source.type === 'syslog'
        ? `${info.title} "${rule.label ?? ''}"`
        : info.title
  if (info.source.type !== 'metric' || value === null)
    return rule.durationS > 0 && info.source.type === 'status'
      ? `${what} for ${span(rule.durationS)}`
      : what
  const unit = info.unit === '' ? '' : info.unit === '%' ? ' %' : ` ${info.unit}`
  const held = rule.durationS > 0 ? ` for ${span(rule.durationS)}` : ''
  return `${what} ${fmt(value)}${unit} ${rule.comparison} ${fmt(rule.threshold)}${unit}${held}`
}

export function span(seconds: number): string {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`
  return `${seconds} s`
}
