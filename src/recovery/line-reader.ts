// A tiny line editor for the console's pseudo-terminal: the client sends raw keystrokes, so the
// server echoes them, handles backspace, Ctrl-C (abandons the line) and Ctrl-D (ends the session).
import type { Duplex } from 'node:stream'

export class LineReader {
  readonly #stream: Duplex
  #buffer = ''
  #pending: { resolve: (line: string | null) => void; hidden: boolean } | undefined
  #queued: (string | null)[] = []
  #closed = false

  constructor(stream: Duplex) {
    this.#stream = stream
    stream.on('data', (chunk: Buffer) => this.#feed(chunk.toString('utf8')))
    stream.on('close', () => {
      this.#closed = true
      this.#finish(null)
    })
  }

  write(text: string): void {
    if (!this.#closed) this.#stream.write(text.replace(/\r?\n/g, '\r\n'))
  }

  /** The next line typed, or null when the user pressed Ctrl-C / Ctrl-D or hung up. */
  ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    this.write(prompt)
    const queued = this.#queued.shift()
    if (queued !== undefined) return Promise.resolve(queued)
    if (this.#closed) return Promise.resolve(null)
    return new Promise((resolve) => (this.#pending = { resolve, hidden: options.hidden === true }))
  }

  get closed(): boolean {
    return this.#closed
  }

  #feed(text: string): void {
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        if (ch === '\n' && this.#lastWasCr) {
          this.#lastWasCr = false
          continue
        }
        this.#lastWasCr = ch === '\r'
        this.write('\n')
        this.#finish(this.#buffer)
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.#buffer.length > 0) {
          this.#buffer = this.#buffer.slice(0, -1)
          if (this.#pending?.hidden !== true) this.write('\b \b')
        }
      } else if (ch === '\x03') {
        this.write('^C\n')
        this.#finish(null)
      } else if (ch === '\x04') {
        this.#closed = true
        this.#finish(null)
      } else if (ch >= ' ') {
        this.#buffer += ch
        if (this.#pending?.hidden !== true) this.write(ch)
      }
    }
  }

  #lastWasCr = false

  #finish(line: string | null): void {
    this.#buffer = ''
    const pending = this.#pending
    this.#pending = undefined
    if (pending !== undefined) pending.resolve(line)
    else if (!this.#closed) this.#queued.push(line)
  }
}
