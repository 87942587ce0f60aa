/** "2026-01-31 14:05 UTC"; "never" for null. Pure: views get timestamps, not clocks. */
export function formatDate(ms: number | null): string {
  if (ms === null) return 'never'
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}
