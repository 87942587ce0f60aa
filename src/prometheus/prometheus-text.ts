// The Prometheus text exposition format (version 0.0.4): HELP and TYPE once per family, then one
// line per sample. Label values are escaped as the format requires (backslash, quote, newline).

export interface Sample {
  labels: Record<string, string>
  value: number
}

export interface Family {
  name: string
  help: string
  type: 'gauge' | 'counter'
  samples: readonly Sample[]
}

const escapeLabel = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return String(v)
}

/** Renders families as exposition text; a family without samples still declares itself. */
export function prometheusText(families: readonly Family[]): string {
  const lines: string[] = []
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`)
    for (const s of f.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',')
      lines.push(`${f.name}${labels ? `{${labels}}` : ''} ${formatNumber(s.value)}`)
    }
  }
  return `${lines.join('\n')}\n`
}
