/**
 * One API connection: decodes sentences, handles login, tags, /cancel, /quit, listen and print
 * (queries, .proplist, count-only, !empty), runs other commands on the device, and writes replies
 * through the device's fault settings.
 */
import type { Duplex } from 'node:stream'
import {
  parseSentence,
  ProtocolError,
  SentenceDecoder,
  type Sentence,
} from '../../routeros/protocol.ts'
import type { SessionHandle, SimRouter } from '../device/device.ts'
import { Trap } from '../device/trap.ts'
import { parseDuration } from '../device/version.ts'
import { watchMenu } from '../device/watch.ts'
import { handleLogin, type LoginState } from './login.ts'
import { compileQuery, type Row } from './query.ts'
import { ReplyWriter } from './reply-writer.ts'

export interface SessionOptions {
  device: SimRouter
  socket: Duplex
  /** The TCP socket under TLS (for resets); the socket itself for plain connections. */
  raw: { resetAndDestroy(): unknown; destroy(): unknown }
  via: string
  address: string
  /** Sentences accepted before a successful login (then `!fatal`). */
  maxPreLoginSentences?: number
  /** Bytes accepted before a successful login. */
  maxPreLoginBytes?: number
}

type Ctx = Parameters<SimRouter['exec']>[3]

interface Running {
  tag: string | undefined
  stop: () => void
}

const PRE_LOGIN_SENTENCES = 16
const PRE_LOGIN_BYTES = 64 * 1024

export class ApiSession {
  readonly device: SimRouter
  private readonly opts: SessionOptions
  private readonly decoder = new SentenceDecoder({ maxWordBytes: 4 * 1024 * 1024 })
  private readonly out: ReplyWriter
  private readonly running = new Map<string, Running>()
  private login: LoginState = { handle: undefined, challenge: undefined }
  private preLoginSentences = 0
  private preLoginBytes = 0
  private untaggedSeq = 0
  closed = false

  constructor(opts: SessionOptions) {
    this.opts = opts
    this.device = opts.device
    this.out = new ReplyWriter(opts.socket, opts.raw, this.device)
    opts.socket.on('data', (chunk: Buffer) => this.onData(chunk))
    opts.socket.on('error', () => this.onClose())
    opts.socket.on('close', () => this.onClose())
  }

  get handle(): SessionHandle | undefined {
    return this.login.handle
  }

  /** Ends the connection (reboot, unreachable fault, server close). */
  drop(): void {
    this.onClose()
    this.opts.socket.end()
    setTimeout(() => this.opts.socket.destroy(), 50).unref()
  }

  private onClose(): void {
    if (this.closed) return
    this.closed = true
    for (const r of this.running.values()) r.stop()
    this.running.clear()
    if (this.login.handle) this.device.closeSession(this.login.handle)
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return
    if (this.device.faults.settings.unreachable === 'drop') return
    if (!this.login.handle) {
      this.preLoginBytes += chunk.length
      if (this.preLoginBytes > (this.opts.maxPreLoginBytes ?? PRE_LOGIN_BYTES))
        return this.fatal('too much data before login')
    }
    let sentences: Buffer[][]
    try {
      sentences = this.decoder.push(chunk)
    } catch (err) {
      return this.fatal(err instanceof ProtocolError ? err.message : 'protocol error')
    }
    for (const words of sentences) {
      if (this.closed) return
      this.onSentence(parseSentence(words, 'latin1'))
    }
  }

  private fatal(message: string): void {
    this.out.send([['!fatal', message]])
    this.drop()
  }

  private reply(tag: string | undefined, sentences: string[][], after?: () => void): void {
    const tagged =
      tag === undefined || tag === '' ? sentences : sentences.map((s) => [...s, `.tag=${tag}`])
    this.out.send(tagged, after)
  }

  private trap(tag: string | undefined, t: Trap): void {
    const words = [
      '!trap',
      ...(t.category !== undefined ? [`=category=${t.category}`] : []),
      `=message=${t.message}`,
    ]
    this.reply(tag, [words, ['!done']])
  }

  private onSentence(s: Sentence): void {
    const f = this.device.faults.settings
    if (f.fatal !== null) return this.fatal(f.fatal)
    if (s.command === '/quit') return this.fatal('session terminated on request')
    if (f.stall && s.command !== '/cancel') {
      const key = s.tag ?? `#${++this.untaggedSeq}`
      this.running.set(key, { tag: s.tag, stop: () => {} })
      return
    }
    if (!this.login.handle) return this.preLogin(s)
    if (s.command === '/cancel') return this.cancel(s)
    if (s.command === '/login') return this.reply(s.tag, [['!done']])
    try {
      this.command(s)
    } catch (err) {
      if (err instanceof Trap) this.trap(s.tag, err)
      else
        this.trap(
          s.tag,
          new Trap(`failure: ${err instanceof Error ? err.message : String(err)}`, 4),
        )
    }
  }

  private preLogin(s: Sentence): void {
    if (++this.preLoginSentences > (this.opts.maxPreLoginSentences ?? PRE_LOGIN_SENTENCES)) {
      return this.fatal('too many commands before login')
    }
    if (s.command !== '/login') return this.trap(s.tag, new Trap('not logged in', 5))
    const res = handleLogin(this.device, this.login, s.attrs, {
      via: this.opts.via,
      address: this.opts.address,
    })
    if (res.kind === 'challenge') this.reply(s.tag, [['!done', `=ret=${res.challenge}`]])
    else if (res.kind === 'ok') this.reply(s.tag, [['!done']])
    else this.reply(s.tag, [['!trap', `=message=${res.message}`], ['!done']])
  }

  private cancel(s: Sentence): void {
    const target = s.attrs.tag
    const victims = [...this.running.entries()].filter(
      ([, r]) => target === undefined || r.tag === target,
    )
    for (const [key, r] of victims) {
      r.stop()
      this.running.delete(key)
      this.reply(r.tag, [['!trap', '=category=2', '=message=interrupted']])
    }
    this.reply(s.tag, [['!done']])
    for (const [, r] of victims) this.reply(r.tag, [['!done']])
  }

  private command(s: Sentence): void {
    const cmd = s.command
    if (!cmd.startsWith('/') || cmd.length < 2) throw new Trap('no such command prefix', 0)
    const cut = cmd.lastIndexOf('/')
    const path = cmd.slice(0, cut)
    const verb = cmd.slice(cut + 1)
    const attrs: Record<string, string> = { ...s.attrs }
    const proplist = attrs['.proplist']?.split(',').filter((p) => p !== '')
    delete attrs['.proplist']
    const ctx = {
      user: this.login.handle?.user ?? '',
      policies: this.login.handle?.policies ?? new Set<string>(),
      ...(this.login.handle ? { session: this.login.handle } : {}),
    }
    if (verb === 'listen') return this.listen(s, path, proplist, ctx)
    if ((verb === 'print' || verb === 'getall') && ('follow' in attrs || 'follow-only' in attrs)) {
      if ('follow' in attrs) this.printRows(s, path, attrs, proplist, ctx, false)
      return this.listen(s, path, proplist, ctx)
    }
    if ((verb === 'print' || verb === 'getall') && attrs.interval !== undefined)
      return this.printEvery(s, path, attrs, proplist, ctx)
    const res = this.device.exec(path, verb, attrs, ctx)
    if (verb === 'print' || verb === 'getall' || res.rows) {
      const match = compileQuery(s.queries)
      const rows = (res.rows ?? []).filter(match)
      if ('count-only' in attrs) return this.reply(s.tag, [['!done', `=ret=${rows.length}`]])
      const sentences = rows.map((r) => ['!re', ...rowWords(r, proplist)])
      if (rows.length === 0 && this.device.sendsEmpty && (verb === 'print' || verb === 'getall'))
        sentences.push(['!empty'])
      sentences.push(['!done', ...(res.ret !== undefined ? [`=ret=${res.ret}`] : [])])
      return this.reply(s.tag, sentences, res.after)
    }
    const done = ['!done', ...(res.ret !== undefined ? [`=ret=${res.ret}`] : [])]
    const empty =
      res.ret === undefined && this.device.sendsEmpty && this.device.opts.emptyForDataless === true
    this.reply(s.tag, empty ? [['!empty'], done] : [done], res.after)
  }

  /** Sends the matching rows of a print as `!re` sentences (optionally followed by `!done`). */
  private printRows(
    s: Sentence,
    path: string,
    attrs: Record<string, string>,
    proplist: string[] | undefined,
    ctx: Ctx,
    done: boolean,
  ): void {
    const rows = (this.device.exec(path, 'print', attrs, ctx).rows ?? []).filter(
      compileQuery(s.queries),
    )
    const sentences = rows.map((r) => ['!re', ...rowWords(r, proplist)])
    if (done) sentences.push(['!done'])
    if (sentences.length > 0) this.reply(s.tag, sentences)
  }

  /** `print =interval=N`: re-prints every N seconds of device time until cancelled. */
  private printEvery(
    s: Sentence,
    path: string,
    attrs: Record<string, string>,
    proplist: string[] | undefined,
    ctx: Ctx,
  ): void {
    const every = Math.max(1000, parseDuration(attrs.interval ?? '') ?? 1000)
    const rest = { ...attrs }
    delete rest.interval
    this.printRows(s, path, rest, proplist, ctx, false)
    let cancel = (): void => {}
    const arm = (): void => {
      cancel = this.device.clock.setTimer(this.device.clock.now() + every, () => {
        if (this.closed) return
        this.printRows(s, path, rest, proplist, ctx, false)
        arm()
      })
    }
    arm()
    this.running.set(s.tag ?? `#${++this.untaggedSeq}`, { tag: s.tag, stop: () => cancel() })
  }

  private listen(s: Sentence, path: string, proplist: string[] | undefined, ctx: Ctx): void {
    this.device.exec(path, 'print', {}, ctx)
    const match = compileQuery(s.queries)
    const key = s.tag ?? `#${++this.untaggedSeq}`
    const stop = watchMenu(this.device, path, (row) => {
      if (row['.dead'] !== undefined || match(row))
        this.reply(s.tag, [['!re', ...rowWords(row, proplist)]])
    })
    this.running.set(key, { tag: s.tag, stop })
  }
}

/** `=key=value` words of a row, limited to `.proplist` when given. */
export function rowWords(row: Row, proplist: string[] | undefined): string[] {
  const keys = proplist ?? Object.keys(row)
  const out: string[] = []
  for (const k of keys) {
    const v = row[k]
    if (v !== undefined) out.push(`=${k}=${v}`)
  }
  if (proplist && row['.dead'] !== undefined && !proplist.includes('.dead'))
    out.push(`=.dead=${row['.dead']}`)
  return out
}
