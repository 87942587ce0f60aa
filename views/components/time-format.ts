// Exact times in the user's time zone (the account page's setting; UTC until they choose one).
// Intl formatters are costly to build, so one per zone is kept.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The parts of `t` in `timeZone`: year, month, day, hour, minute, second (zero-padded). */
export function zonedParts(t: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(t)) out[p.type] = p.value
  return out
}

/** "2026-12-06 08:12:03 Europe/Riga" */
export function formatExact(t: number, timeZone = 'UTC'): string {
  const p = zonedParts(t, timeZone)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${timeZone}`
}
