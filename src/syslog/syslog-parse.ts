// Parsing one syslog message: RFC 5424 (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`), RFC 3164
// (`<PRI>Mmm dd hh:mm:ss HOST TAG: MSG`), the same with an ISO 8601 stamp (RouterOS
// `syslog-time-format=iso8601`), and RouterOS's default remote format, which is `<PRI>` followed
// directly by the topics and the text (ROUTEROS.md 11.6). Pure; no I/O.

export interface SyslogMessage {
  facility: number
  /** 0 emergency … 7 debug */
  severity: number
  /** the sender's own timestamp (epoch ms), when it sent one we could read */
  sentAt: number | null
  host: string
  /** RFC 5424 APP-NAME, a 3164 TAG, or RouterOS's topics (`system,info,account`) */
  app: string
  msg: string
}

export type ParseResult =
  { ok: true; message: SyslogMessage } | { ok: false; reason: 'malformed' | 'binary' | 'oversized' }

/** Longest message kept (bytes); RFC 5424 asks receivers for at least 2048. */
export const MAX_MESSAGE_BYTES = 8192

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
}
const PRI = /^<(\d{1,3})>/
const BSD_STAMP = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)? /
const ISO_STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)?) /
// RouterOS topics always name at least a topic and a severity (`dhcp,info`, `system,info,account`);
// a plain first word is part of the message
const TOPICS = /^[a-z][a-z0-9-]*(?:,[a-z0-9!-]+)+$/
const TAG = /^([^\s:[\]]{1,48})(?:\[[^\]]{0,32}\])?:$/
// C0 controls except tab, and DEL: a line of the log must not be able to break a page or a terminal
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g

/**
 * Parses one frame (one UDP datagram or one TCP frame). `now` fills in the year a 3164 stamp lacks.
 * @example parseSyslog(Buffer.from('<30>system,info user admin logged in'), Date.now())
 */
export function parseSyslog(frame: Buffer, now: number): ParseResult {
  if (frame.length > MAX_MESSAGE_BYTES) return { ok: false, reason: 'oversized' }
  // a NUL byte never occurs in a text log line: a binary packet (or the wrong protocol) was sent here
  if (frame.includes(0)) return { ok: false, reason: 'binary' }
  const text = frame.toString('utf8').replace(/\r?\n$/, '')
  if (countReplacement(text) > 4) return { ok: false, reason: 'binary' }
  const pri = PRI.exec(text)
  const value = pri === null ? NaN : Number(pri[1])
  if (pri === null || value > 191 || (pri[1]!.length > 1 && pri[1]!.startsWith('0')))
    return { ok: false, reason: 'malformed' }
  const rest = text.slice(pri[0].length)
  const base = { facility: value >> 3, severity: value & 7 }
  const m = rest.startsWith('1 ') ? parse5424(rest.slice(2)) : parse3164(rest, now)
  if (m === undefined) return { ok: false, reason: 'malformed' }
  return {
    ok: true,
    message: {
      ...base,
      ...m,
      host: clean(m.host).slice(0, 255),
      app: clean(m.app).slice(0, 64),
      msg: clean(m.msg),
    },
  }
}

type Body = Omit<SyslogMessage, 'facility' | 'severity'>

function parse5424(s: string): Body | undefined {
  const parts = s.split(' ')
  if (parts.length < 6) return undefined
  const [stamp, host, app, , , ...tail] = parts as [
    string,
    string,
    string,
    string,
    string,
    ...string[],
  ]
  const sentAt = stamp === '-' ? null : Date.parse(stamp)
  if (sentAt !== null && Number.isNaN(sentAt)) return undefined
  const body = tail.join(' ')
  const sdEnd = structuredDataEnd(body)
  if (sdEnd < 0) return undefined
  const msg = body
    .slice(sdEnd)
    .replace(/^ /, '')
    .replace(/^\uFEFF/, '')
  return { sentAt, host: nil(host), app: nil(app), msg }
}

/** Index just past the STRUCTURED-DATA field (`-` or `[id k="v"]…`), -1 when it is broken. */
function structuredDataEnd(s: string): number {
  if (s === '-' || s.startsWith('- ')) return 1
  let i = 0
  while (s[i] === '[') {
    let inQuote = false
    for (i++; i < s.length; i++) {
      const c = s[i]
      if (c === '\\' && inQuote) i++
      else if (c === '"') inQuote = !inQuote
      else if (c === ']' && !inQuote) break
    }
    if (i >= s.length) return -1
    i++
  }
  return i === 0 ? -1 : i
}

function parse3164(s: string, now: number): Body {
  let sentAt: number | null = null
  let rest = s
  const bsd = BSD_STAMP.exec(rest)
  const iso = bsd === null ? ISO_STAMP.exec(rest) : null
  if (bsd !== null) {
    sentAt = bsdTime(bsd, now)
    rest = rest.slice(bsd[0].length)
  } else if (iso !== null) {
    const t = Date.parse(iso[1]!)
    sentAt = Number.isNaN(t) ? null : t
    rest = rest.slice(iso[0].length)
  }
  let host = ''
  if (bsd !== null || iso !== null) {
    const sp = rest.indexOf(' ')
    host = sp < 0 ? rest : rest.slice(0, sp)
    rest = sp < 0 ? '' : rest.slice(sp + 1)
  }
  const sp = rest.indexOf(' ')
  const first = sp < 0 ? rest : rest.slice(0, sp)
  const tag = TAG.exec(first)
  if (tag !== null) return { sentAt, host, app: tag[1]!, msg: sp < 0 ? '' : rest.slice(sp + 1) }
  if (sp > 0 && TOPICS.test(first)) return { sentAt, host, app: first, msg: rest.slice(sp + 1) }
  return { sentAt, host, app: '', msg: rest }
}

/** A 3164 stamp has no year and no zone: UTC, this year, or last year when that would be in the future. */
function bsdTime(m: RegExpExecArray, now: number): number | null {
  const month = MONTHS[m[1]!]
  if (month === undefined) return null
  const year = new Date(now).getUTCFullYear()
  const at = (y: number) =>
    Date.UTC(y, month, Number(m[2]!.trim()), Number(m[3]), Number(m[4]), Number(m[5]))
  const t = at(year)
  return t - now > 2 * 86_400_000 ? at(year - 1) : t
}

function nil(s: string): string {
  return s === '-' ? '' : s
}

function clean(s: string): string {
  return s.replace(CONTROL, ' ')
}

function countReplacement(s: string): number {
  let n = 0
  for (let i = s.indexOf('\uFFFD'); i >= 0 && n <= 4; i = s.indexOf('\uFFFD', i + 1)) n++
  return n
}
