// The words of a notification, shared by every sender so a message reads the same in an e-mail,
// a chat and a push: a title (severity, what, where), then what happened, where, since when, and
// the link back to the device. Digests list one line per grouped alert.
import type { AlertMessage } from '../../alerts/index.ts'

export interface MessageText {
  title: string
  /** plain-text lines after the title */
  lines: string[]
  /** link back to the device (absolute when OUTPOST_PUBLIC_URL is set), or null */
  url: string | null
  severity: 'info' | 'warning' | 'critical'
}

/** `2026-12-06 05:12 UTC` */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

function duration(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000))
  if (min < 1) return 'under a minute'
  if (min < 120) return `${min} min`
  const h = Math.floor(min / 60)
  return h < 48 ? `${h} h ${min % 60} min` : `${Math.floor(h / 24)} days`
}

const VERB = {
  opened: 'Alert',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  test: 'Test',
  digest: 'Digest',
} as const

export function messageText(msg: AlertMessage): MessageText {
  const a = msg.alert
  if (msg.event === 'digest' && msg.digest !== undefined) {
    const n = msg.digest.count
    return {
      title: `${n} alert${n === 1 ? '' : 's'} in the last minute`,
      lines: [`Outpost grouped ${n} notifications into this digest:`, ...msg.digest.lines],
      url: null,
      severity: 'warning',
    }
  }
  if (a === null) {
    return {
      title: 'Outpost test notification',
      lines: ['This channel works: Outpost can reach it.', `Sent ${utc(msg.at)}.`],
      url: null,
      severity: 'info',
    }
  }
  const lines = [
    a.message,
    `Device: ${a.deviceName}`,
    `Rule: ${a.rule} (${a.severity})`,
    `Since: ${utc(a.openedAt)}`,
  ]
  if (msg.event === 'acknowledged' && a.ackedAt !== null) {
    lines.push(
      `Acknowledged by ${a.ackedBy ?? 'someone'} at ${utc(a.ackedAt)}${a.ackNote ? `: ${a.ackNote}` : ''}`,
    )
  }
  if (msg.event === 'resolved' && a.resolvedAt !== null)
    lines.push(`Resolved at ${utc(a.resolvedAt)} after ${duration(a.resolvedAt - a.openedAt)}`)
  lines.push(`Open: ${a.url}`)
  const title = `${VERB[msg.event]} [${a.severity.toUpperCase()}] ${a.message} on ${a.deviceName}`
  return { title, lines, url: a.url, severity: a.severity }
}

/** One line of a digest for a message that was grouped. */
export function digestLine(msg: AlertMessage): string {
  const a = msg.alert
  if (a === null) return msg.event
  return `${msg.event} [${a.severity}] ${a.message} on ${a.deviceName} since ${utc(a.openedAt)} ${a.url}`
}
