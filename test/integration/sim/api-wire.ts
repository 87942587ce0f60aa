/**
 * Minimal raw API client for simulator tests: the shared codec over a real socket, no client
 * library logic, so tests see exactly the sentences the simulator sends.
 */
import net from 'node:net'
import tls from 'node:tls'
import { encodeSentence, SentenceDecoder } from '../../../src/routeros/protocol.ts'

export class Wire {
  readonly socket: net.Socket | tls.TLSSocket
  private readonly decoder = new SentenceDecoder()
  private readonly queue: string[][] = []
  private waiters: ((s: string[] | undefined) => void)[] = []
  closed = false
  error: Error | undefined
  readonly raw: Buffer[] = []

  private constructor(socket: net.Socket | tls.TLSSocket) {
    this.socket = socket
    socket.on('data', (chunk: Buffer) => {
      this.raw.push(chunk)
      try {
        for (const s of this.decoder.push(chunk)) this.deliver(s.map((w) => w.toString('latin1')))
      } catch (err) {
        this.error = err as Error
      }
    })
    socket.on('error', (err) => {
      this.error = err
    })
    socket.on('close', () => {
      this.closed = true
      for (const w of this.waiters.splice(0)) w(undefined)
    })
  }

  static connect(port: number, opts: { tls?: tls.ConnectionOptions } = {}): Promise<Wire> {
    return new Promise((resolve, reject) => {
      const sock = opts.tls
        ? tls.connect({ host: '127.0.0.1', port, ...opts.tls }, () => resolve(new Wire(sock)))
        : net.connect({ host: '127.0.0.1', port }, () => resolve(new Wire(sock)))
      sock.once('error', reject)
    })
  }

  private deliver(s: string[]): void {
    const w = this.waiters.shift()
    if (w) w(s)
    else this.queue.push(s)
  }

  send(...words: string[]): void {
    this.socket.write(encodeSentence(words))
  }

  /** Next sentence, or undefined when the connection closed first. */
  next(timeoutMs = 5000): Promise<string[] | undefined> {
    const q = this.queue.shift()
    if (q) return Promise.resolve(q)
    if (this.closed) return Promise.resolve(undefined)
    return new Promise((resolve, reject) => {
      const waiter = (s: string[] | undefined): void => {
        clearTimeout(t)
        resolve(s)
      }
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        reject(new Error('no sentence within timeout'))
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }

  /** Sentences up to and including the `!done` (for the given tag, if any). */
  async untilDone(tag?: string): Promise<string[][]> {
    const out: string[][] = []
    for (;;) {
      const s = await this.next()
      if (!s) throw new Error(`connection closed; got ${JSON.stringify(out)}`)
      out.push(s)
      if (s[0] === '!done' && (tag === undefined || s.includes(`.tag=${tag}`))) return out
      if (s[0] === '!fatal') return out
    }
  }

  async call(...words: string[]): Promise<string[][]> {
    this.send(...words)
    return this.untilDone()
  }

  async login(name = 'admin', password = ''): Promise<string[][]> {
    return this.call('/login', `=name=${name}`, `=password=${password}`)
  }

  /** Resolves when the peer closes the connection. */
  whenClosed(): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise((resolve) => this.socket.once('close', () => resolve()))
  }

  close(): void {
    this.socket.destroy()
  }
}

/** `=key=value` words of a sentence as an object. */
export function attrs(sentence: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const w of sentence) {
    if (!w.startsWith('=')) continue
    const eq = w.indexOf('=', 1)
    out[w.slice(1, eq)] = w.slice(eq + 1)
  }
  return out
}

/** Data rows (`!re`) of a reply as objects. */
export function rows(reply: string[][]): Record<string, string>[] {
  return reply.filter((s) => s[0] === '!re').map(attrs)
}
