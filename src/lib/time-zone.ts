// IANA time zone names (issue 15: each user's zone for charts and exact times).

/** True for a zone name this runtime knows ("UTC", "Europe/Riga"). */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** Every zone the runtime knows, UTC first (the account page's choices). */
export function timeZoneNames(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]
}
