/**
 * One logged-in API connection: tagged concurrent commands, deadlines and caps that close the
 * session, streaming commands as async iterators. Created by {@link connect} (see connect.ts).
 */
import type net from 'node:net'
import { encodeSentence, parseSentence, SentenceDecoder } from './protocol.ts'
import type { Sentence } from './protocol.ts'
import {
  ClosedError,
  CommandTimeoutError,
  FatalError,
  ProtocolError,
  ReplyTooLargeError,
  RouterOsError,
  UnexpectedReplyError,
} from './errors.ts'
import { ReplyStream } from './reply-stream.ts'
import { overLimit, resolveLimits, sentenceCost } from './limits.ts'
import type { Limits } from './limits.ts'
import type { CommandOptions, Reply, Row, SessionOptions } from './session-types.ts'
import { attrWords, trapError } from './words.ts'

export { attrWords }

export type { Row, Reply, CommandOptions, SessionOptions } from './session-types.ts'

interface Pending {
  command: string
  /** `cost`: the sentence's size as counted against maxReplyBytes. */
  onSentence: (s: Sentence, cost: number) => void
  onClose: (err: RouterOsError) => void
}

/**
 * A RouterOS API session over an open socket. Never throws asynchronously: every failure reaches
 * the caller through a rejected promise or an iterator error.
 * @example
 * const s = await connect({ host: '127.0.0.1', username: 'admin', password: '' })
 * const [identity] = await s.print('/system/identity')
 * await s.close()
 */
export class RouterOsSession {
  private readonly socket: net.Socket
  private readonly decoder: SentenceDecoder
  private readonly pending = new Map<string, Pending>()
  private readonly opts: SessionOptions
  private readonly limits: Readonly<Limits>
  /** Size of the sentences received for no command since the last one that had a command. */
  private unmatchedCost = 0
  private nextTag = 1
  /** commands sent in the same tick share one socket write (a poll starts several at once) */
  private corked = false
  private closedWith: RouterOsError | undefined
  private fatal: FatalError | undefined
  /** Resolves (never rejects) with the reason once the connection is closed. */
  readonly closed: Promise<RouterOsError>
  private markClosed!: (err: RouterOsError) => void

  constructor(socket: net.Socket, opts: SessionOptions = {}) {
    this.socket = socket
    this.opts = opts
    this.limits = resolveLimits(opts)
    this.decoder = new SentenceDecoder({ maxSentenceBytes: this.limits.maxSentenceBytes })
    this.closed = new Promise((resolve) => (this.markClosed = resolve))
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (err) =>
      this.shutdown(new ClosedError(`connection error: ${err.message}`, { cause: err })),
    )
    socket.on('close', () =>
      this.shutdown(this.fatal ?? new ClosedError('connection closed by the router')),
    )
  }

  /** True once the connection is closed; every further command rejects with the reason. */
  get isClosed(): boolean {
    return this.closedWith !== undefined
  }

  /**
   * Sends raw words (command first, then `=attr=value`, `?query`…) and collects the reply.
   * @example const r = await s.write(['/ip/route/print', '=count-only=']) // r.done.ret
   */
  write(words: readonly string[], opts: CommandOptions = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const command = words[0] ?? ''
      const reply: Reply = { rows: [], done: {}, empty: false }
      let trap: RouterOsError | undefined
      let held = 0
      const { tag, finish } = this.start(command, opts, reject, (s, cost) => {
        held += cost
        const over = overLimit(command, reply.rows.length + 1, held, this.limits)
        if (over) return this.shutdown(over)
        switch (s.command) {
          case '!re':
            return void reply.rows.push(s.attrs)
          case '!empty':
            return void (reply.empty = true)
          case '!trap':
            trap ??= trapError(command, s)
            return
          case '!done':
            finish()
            reply.done = s.attrs
            return trap ? reject(trap) : resolve(reply)
          default:
            finish()
            return reject(new UnexpectedReplyError(command, s.command))
        }
      })
      this.send([...words, `.tag=${tag}`], finish, reject)
    })
  }

  /**
   * Runs `<menu>/print` and returns the rows (`[]` for `!empty`).
   * @example await s.print('/interface', { proplist: ['name', 'rx-byte'], query: ['?type=ether'] })
   */
  async print(
    menu: string,
    opts: CommandOptions & {
      proplist?: readonly string[]
      query?: readonly string[]
      args?: Row
    } = {},
  ): Promise<Row[]> {
    const words = [`${menu.replace(/\/$/, '')}/print`, ...attrWords(opts.args ?? {})]
    if (opts.proplist) words.push(`=.proplist=${opts.proplist.join(',')}`)
    words.push(...(opts.query ?? []))
    return (await this.write(words, opts)).rows
  }

  /**
   * Counts items with `=count-only=` (queries still apply).
   * @example const active = await s.count('/ip/route', { query: ['?active=true'] })
   */
  async count(
    menu: string,
    opts: CommandOptions & { query?: readonly string[] } = {},
  ): Promise<number> {
    const words = [`${menu.replace(/\/$/, '')}/print`, '=count-only=', ...(opts.query ?? [])]
    const r = await this.write(words, opts)
    const n = Number(r.done.ret ?? (r.empty ? '0' : Number.NaN))
    if (!Number.isInteger(n))
      throw new ProtocolError(`count-only reply without a number: ${JSON.stringify(r.done)}`)
    return n
  }

  /**
   * Runs a command with `=key=value` arguments.
   * @example
   * const args = { address: '10.0.0.1/24', interface: 'ether1' }
   * const { done } = await s.exec('/ip/address/add', args)
   */
  exec(
    command: string,
    args: Record<string, string | number | boolean> = {},
    opts: CommandOptions = {},
  ): Promise<Reply> {
    return this.write([command, ...attrWords(args)], opts)
  }

  /**
   * Starts a streaming command (`listen`, `=follow=`, monitors without `=once=`). Iterate it with
   * `for await`; leaving the loop (break/return/throw) sends `/cancel`. The iterator fails with a
   * TrapError, FatalError or ClosedError if the command or connection fails, and with
   * TooManyRowsError / ReplyTooLargeError (closing the session) when the rows received but not
   * yet read pass the caps: the caps bound the unread buffer, never the life of the stream.
   * No deadline unless `opts.timeoutMs` is given (then the whole stream is bounded by it).
   * @example for await (const row of s.stream(['/interface/listen'])) if (row['.dead']) break
   */
  stream(words: readonly string[], opts: CommandOptions = {}): ReplyStream<Row> {
    const command = words[0] ?? ''
    const out = new ReplyStream<Row>(() => cancel())
    let trap: RouterOsError | undefined
    const deadline = { timeoutMs: opts.timeoutMs ?? 0 }
    const { tag, finish } = this.start(
      command,
      deadline,
      (e) => out.fail(e),
      (s, cost) => {
        if (s.command === '!re') {
          out.push(s.attrs, cost)
          const over = overLimit(command, out.unreadItems, out.unreadCost, this.limits)
          return over ? this.shutdown(over) : undefined
        }
        if (s.command === '!empty') return
        if (s.command === '!trap') return void (trap ??= trapError(command, s))
        finish()
        if (s.command === '!done') return trap ? out.fail(trap) : out.end()
        out.fail(new UnexpectedReplyError(command, s.command))
      },
    )
    const cancel = () => {
      finish()
      if (!this.isClosed)
        this.send(
          ['/cancel', `=tag=${tag}`],
          () => undefined,
          () => undefined,
        )
    }
    this.send([...words, `.tag=${tag}`], finish, (e) => out.fail(e))
    return out
  }

  /**
   * Sends `/quit`-free close: ends the socket and rejects pending commands with ClosedError.
   * @example await s.close()
   */
  async close(): Promise<void> {
    if (!this.isClosed) {
      this.shutdown(new ClosedError('connection closed by the client'))
    }
    await this.closed
  }

  private start(
    command: string,
    opts: CommandOptions,
    reject: (e: RouterOsError) => void,
    onSentence: (s: Sentence, cost: number) => void,
  ) {
    const tag = String(this.nextTag++)
    let timer: NodeJS.Timeout | undefined
    const finish = () => {
      if (timer) clearTimeout(timer)
      this.pending.delete(tag)
    }
    const timeoutMs = opts.timeoutMs ?? this.opts.commandTimeoutMs ?? 30_000
    if (timeoutMs > 0) {
      // closing, not just /cancel: a device that ignores the cancel and keeps sending would
      // keep this session reading (and its replies arriving) for ever
      const expire = () => this.shutdown(new CommandTimeoutError(command, timeoutMs))
      timer = setTimeout(expire, timeoutMs)
    }
    this.pending.set(tag, { command, onSentence, onClose: (e) => (finish(), reject(e)) })
    return { tag, finish }
  }

  private send(
    words: readonly string[],
    finish: () => void,
    reject: (e: RouterOsError) => void,
  ): void {
    if (this.closedWith) {
      finish()
      return reject(this.closedWith)
    }
    if (!this.corked) {
      this.corked = true
      this.socket.cork()
      process.nextTick(() => {
        this.corked = false
        this.socket.uncork()
      })
    }
    this.socket.write(encodeSentence(words, this.opts.encoding ?? 'latin1'))
  }

  private onData(chunk: Buffer): void {
    let sentences: Buffer[][]
    try {
      sentences = this.decoder.push(chunk)
    } catch (e) {
      return this.shutdown(e instanceof RouterOsError ? e : new ProtocolError(String(e)))
    }
    for (const words of sentences) {
      if (this.closedWith) return
      const s = parseSentence(words, this.opts.encoding ?? 'latin1')
      if (s.command === '!fatal') {
        this.fatal = new FatalError(s.extra.join(' ') || s.attrs.message || 'no reason given')
        continue
      }
      const p = s.tag === undefined ? undefined : this.pending.get(s.tag)
      if (p) {
        this.unmatchedCost = 0
        p.onSentence(s, sentenceCost(words))
      } else this.onUnmatchedSentence(s, sentenceCost(words))
    }
    if (this.fatal) this.shutdown(this.fatal)
  }

  /** Late replies after a cancel are normal; an endless flood of them closes the session. */
  private onUnmatchedSentence(s: Sentence, cost: number): void {
    this.unmatchedCost += cost
    if (this.unmatchedCost > this.limits.maxReplyBytes) {
      const max = this.limits.maxReplyBytes
      return this.shutdown(new ReplyTooLargeError('replies to no command', max))
    }
    try {
      this.opts.onUnmatched?.(s)
    } catch {
      // a faulty observer must not take the connection (or the process) down
    }
  }

  private shutdown(err: RouterOsError): void {
    if (this.closedWith) return
    this.closedWith = err
    for (const p of [...this.pending.values()]) p.onClose(err)
    this.pending.clear()
    this.socket.destroy()
    this.markClosed(err)
  }
}
