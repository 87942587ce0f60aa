// Output kept per target. A bulk `/export` or a runaway `print` can return megabytes: the stored
// text is cut at OUTPUT_KEEP_BYTES and says so, while the SSH read itself stops at OUTPUT_READ_BYTES.

/** bytes of a target's output kept in the database (and shown, and in the CSV) */
export const OUTPUT_KEEP_BYTES = 256 * 1024
/** bytes read from the device before the command is stopped */
export const OUTPUT_READ_BYTES = 8 * 1024 * 1024

export interface CappedOutput {
  text: string
  capped: boolean
}

/** Cuts at a UTF-8 boundary and appends a line saying how much was dropped. */
export function capOutput(text: string, keep = OUTPUT_KEEP_BYTES): CappedOutput {
  const buf = Buffer.from(text, 'utf8')
  if (buf.length <= keep) return { text, capped: false }
  let end = keep
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--
  const dropped = buf.length - end
  const note = `\n[output capped: ${formatBytes(buf.length)} received, the first ${formatBytes(end)} kept, ${formatBytes(dropped)} dropped]\n`
  return { text: buf.subarray(0, end).toString('utf8') + note, capped: true }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`
  if (n >= 1024) return `${Math.round(n / 1024)} KB`
  return `${n} B`
}
