// Session recording in asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON
// header line, then one `[seconds, "o", text]` line per chunk the device printed and
// `[seconds, "r", "COLSxROWS"]` per resize. Only output is kept: what the user types is echoed
// by the device anyway, and a password typed at a prompt is not echoed, so it stays unrecorded.

/** Past this size the recording stops (one marker line says so); the session goes on. */
export const MAX_RECORDING_BYTES = 8 * 1024 * 1024

export class AsciicastRecorder {
  readonly #lines: string[] = []
  readonly #start: number
  readonly #decoder = new TextDecoder('utf-8')
  #size = 0
  #full = false
  readonly #max: number

  constructor(
    start: number,
    size: { cols: number; rows: number },
    title: string,
    max = MAX_RECORDING_BYTES,
  ) {
    this.#start = start
    this.#max = max
    const header = {
      version: 2,
      width: size.cols,
      height: size.rows,
      timestamp: Math.floor(start / 1000),
      title,
      env: { TERM: 'xterm-256color' },
    }
    this.#push(JSON.stringify(header))
  }

  /** Bytes the device printed, at `now` (ms). Multi-byte characters split across chunks are kept whole. */
  output(now: number, data: Uint8Array): void {
    const text = this.#decoder.decode(data, { stream: true })
    if (text !== '') this.#event(now, 'o', text)
  }

  resize(now: number, cols: number, rows: number): void {
    this.#event(now, 'r', `${cols}x${rows}`)
  }

  /** The whole recording (newline-terminated lines). */
  finish(): string {
    return this.#lines.join('')
  }

  #event(now: number, code: 'o' | 'r', data: string): void {
    if (this.#full) return
    const at = Math.max(0, now - this.#start) / 1000
    const line = JSON.stringify([Number(at.toFixed(6)), code, data])
    if (this.#size + line.length > this.#max) {
      this.#full = true
      this.#push(
        JSON.stringify([Number(at.toFixed(6)), 'o', '\r\n[recording size limit reached]\r\n']),
      )
      return
    }
    this.#push(line)
  }

  #push(line: string): void {
    this.#lines.push(`${line}\n`)
    this.#size += line.length + 1
  }
}
