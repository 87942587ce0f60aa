// A tenant's custom rule: the lines exported under one menu path must (or must not) contain a
// plain-text pattern. Plain text, not a regular expression, so a rule can never hang evaluation.
import { maskSecrets } from '../backups/index.ts'
import type { CustomRuleView, RuleResult } from './compliance.types.ts'
import { exportPath, type ExportCommand } from './export-lines.ts'

export function runCustomRule(
  rule: CustomRuleView,
  commands: readonly ExportCommand[] | undefined,
): RuleResult {
  const base = { rule: `custom:${rule.id}`, title: rule.name }
  if (commands === undefined)
    return {
      ...base,
      status: 'unknown',
      reason: 'No configuration backup is stored yet.',
      line: null,
    }
  const path = exportPath(rule.path)
  const hit = commands.find((c) => c.path === path && c.text.includes(rule.pattern))
  const line = hit ? { number: hit.line, text: maskSecrets(hit.text) } : null
  if (rule.mode === 'must_contain')
    return hit
      ? { ...base, status: 'pass', reason: `${path} contains "${rule.pattern}".`, line }
      : {
          ...base,
          status: 'fail',
          reason: `${path} does not contain "${rule.pattern}".`,
          line: null,
        }
  return hit
    ? { ...base, status: 'fail', reason: `${path} contains "${rule.pattern}".`, line }
    : { ...base, status: 'pass', reason: `${path} does not contain "${rule.pattern}".`, line: null }
}
