import { describe, expect, it } from 'vitest'
import { parseSyslog } from '../../../src/syslog/syslog-parse.ts'

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0)
const p = (s: string | Buffer) => parseSyslog(typeof s === 'string' ? Buffer.from(s) : s, NOW)

describe('parseSyslog', () => {
  it('reads RouterOS default remote format: PRI then topics and text', () => {
    expect(p('<30>system,info,account user admin logged in from 10.0.0.5 via winbox')).toEqual({
      ok: true,
      message: {
        facility: 3,
        severity: 6,
        sentAt: null,
        host: '',
        app: 'system,info,account',
        msg: 'user admin logged in from 10.0.0.5 via winbox',
      },
    })
  })
  it('reads RFC 3164 with the BSD stamp, host and RouterOS topics (the simulator format)', () => {
    const r = p('<28>Dec  6 11:59:58 core-1 system,warning link down on ether1')
    expect(r).toEqual({
      ok: true,
      message: {
        facility: 3,
        severity: 4,
        sentAt: Date.UTC(2026, 11, 6, 11, 59, 58),
        host: 'core-1',
        app: 'system,warning',
        msg: 'link down on ether1',
      },
    })
  })
  it('reads a 3164 tag with a pid', () => {
    const r = p('<13>Dec 31 23:59:59 host sshd[42]: accepted password')
    expect(r.ok && r.message).toMatchObject({
      app: 'sshd',
      msg: 'accepted password',
      sentAt: Date.UTC(2025, 11, 31, 23, 59, 59),
    })
  })
  it('reads an ISO 8601 stamp (syslog-time-format=iso8601)', () => {
    const r = p('<134>2026-12-06T11:00:00.250Z gw firewall,info drop input')
    expect(r.ok && r.message).toMatchObject({
      facility: 16,
      severity: 6,
      sentAt: Date.UTC(2026, 11, 6, 11, 0, 0, 250),
      host: 'gw',
      app: 'firewall,info',
    })
  })
  it('reads RFC 5424 with structured data and a BOM', () => {
    const r = p(
      '<165>1 2026-12-06T10:00:00Z mymachine evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Appl]ication"] \uFEFFAn application event',
    )
    expect(r).toEqual({
      ok: true,
      message: {
        facility: 20,
        severity: 5,
        sentAt: Date.UTC(2026, 11, 6, 10),
        host: 'mymachine',
        app: 'evntslog',
        msg: 'An application event',
      },
    })
  })
  it('reads RFC 5424 with nil fields and no message', () => {
    expect(p('<14>1 - - - - - -')).toEqual({
      ok: true,
      message: { facility: 1, severity: 6, sentAt: null, host: '', app: '', msg: '' },
    })
  })
  it.each([
    ['no PRI', 'hello world'],
    ['PRI above 191', '<192>x'],
    ['PRI with a leading zero', '<013>x'],
    ['truncated PRI', '<13'],
    ['5424 with broken structured data', '<14>1 2026-12-06T10:00:00Z h a - - [unterminated'],
    ['5424 with a bad stamp', '<14>1 yesterday h a - - - text'],
  ])('rejects %s as malformed', (_n, s) => {
    expect(p(s)).toEqual({ ok: false, reason: 'malformed' })
  })
  it('rejects binary packets', () => {
    expect(p(Buffer.from([0x3c, 0x31, 0x3e, 0x00, 0xff, 0x10]))).toEqual({
      ok: false,
      reason: 'binary',
    })
    expect(p(Buffer.concat([Buffer.from('<13>'), Buffer.alloc(40, 0xfe)]))).toEqual({
      ok: false,
      reason: 'binary',
    })
  })
  it('rejects oversized messages', () => {
    expect(p('<13>' + 'x'.repeat(9000))).toEqual({ ok: false, reason: 'oversized' })
  })
  it('replaces control characters so a line cannot break a page or terminal', () => {
    const r = p('<13>app: a\u001b[31mred\u0007')
    expect(r.ok && r.message.msg).toBe('a [31mred ')
  })
})
