/**
 * Decides whether an `/export` capture is complete before it may be stored. A partial capture is
 * never stored as a version: the channel must close with exit status 0, nothing on stderr, a
 * header line, the text ending with a newline after the last complete command, and no RouterOS
 * error or interruption text. A complete capture that shrank a lot since the previous version
 * with no configuration change recorded in between is `suspect` (retry once, then store marked).
 */
import { normalizeExport } from './normalize.ts'

export interface Capture {
  stdout: string
  stderr: string
  /** Exit status of the SSH exec channel; null when the channel closed without one. */
  exitCode: number | null
}

export interface VerifyContext {
  /** Normalised length of the newest stored version of the device. */
  previousSize?: number
  /** A configuration change was seen since that version (then a shrink is expected). */
  changeRecorded?: boolean
  /** Smallest accepted size as a fraction of the previous one (default 0.5). */
  minShrinkRatio?: number
}

export type CaptureProblem =
  | 'exit_status'
  | 'stderr'
  | 'empty'
  | 'no_header'
  | 'no_final_newline'
  | 'unfinished_command'
  | 'router_error'

export type CaptureVerdict =
  | { status: 'complete'; normalized: string }
  | { status: 'suspect'; normalized: string; reason: string }
  | { status: 'incomplete'; problem: CaptureProblem; reason: string }

// Text RouterOS prints instead of (or in the middle of) an export when something goes wrong.
const ROUTER_ERRORS: readonly RegExp[] = [
  /^(?:failure|error): /i,
  /^expected end of command\b/,
  /^bad command name\b/,
  /^syntax error\b/,
  /^no such (?:item|command)\b/,
  /^not enough permissions\b/,
  /^input does not match any value\b/,
  /^action timed out\b/,
  /^interrupted\b/i,
  /^Console (?:interrupted|closed)\b/,
  /^-- \[Q quit\|D dump\|.*\]/,
]

const incomplete = (problem: CaptureProblem, reason: string): CaptureVerdict => ({
  status: 'incomplete',
  problem,
  reason,
})

export function verifyCapture(c: Capture, ctx: VerifyContext = {}): CaptureVerdict {
  if (c.exitCode !== 0) {
    return incomplete(
      'exit_status',
      c.exitCode === null
        ? 'the export ended without an exit status'
        : `the export exited with status ${c.exitCode}`,
    )
  }
  if (c.stderr.trim() !== '')
    return incomplete('stderr', `the router wrote an error: ${firstLine(c.stderr)}`)
  if (c.stdout.trim() === '') return incomplete('empty', 'the export was empty')
  if (!/^# .* by RouterOS \S+/.test(c.stdout.trimStart()))
    return incomplete('no_header', 'the export has no RouterOS header line')
  if (!c.stdout.endsWith('\n'))
    return incomplete('no_final_newline', 'the export stopped in the middle of a line')
  const normalized = normalizeExport(c.stdout)
  const lines = normalized.split('\n').filter((l) => l !== '')
  const last = lines[lines.length - 1] ?? ''
  if (
    /\\$/.test(c.stdout.replace(/\r?\n$/, '')) ||
    !quotesBalanced(last) ||
    isSectionHeader(last)
  ) {
    return incomplete('unfinished_command', 'the export stopped in the middle of a command')
  }
  const bad = lines.find((l) => !l.startsWith('#') && ROUTER_ERRORS.some((re) => re.test(l)))
  if (bad !== undefined)
    return incomplete('router_error', `the router reported: ${bad.slice(0, 120)}`)
  const ratio = ctx.minShrinkRatio ?? 0.5
  if (
    ctx.previousSize !== undefined &&
    ctx.changeRecorded !== true &&
    normalized.length < ctx.previousSize * ratio
  ) {
    const pct = Math.round((1 - normalized.length / ctx.previousSize) * 100)
    return {
      status: 'suspect',
      normalized,
      reason: `the export is ${pct}% smaller than the previous version and no configuration change was recorded`,
    }
  }
  return { status: 'complete', normalized }
}

const VERBS = new Set(['add', 'set', 'remove', 'unset', 'enable', 'disable', 'move', 'comment'])

/** `/ip firewall filter` alone: real exports never end on a section with nothing in it. */
function isSectionHeader(line: string): boolean {
  if (!/^\/[\w\- ]+$/.test(line)) return false
  const words = line.slice(1).split(' ')
  return !VERBS.has(words[words.length - 1] ?? '')
}

/** Unescaped double quotes pair up (a line cut inside a quoted value does not). */
function quotesBalanced(line: string): boolean {
  let open = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '\\') i++
    else if (ch === '"') open = !open
  }
  return !open
}

function firstLine(s: string): string {
  return (s.trim().split(/\r?\n/)[0] ?? '').slice(0, 120)
}
