// One browser terminal: a WebSocket from the page, an SSH shell with a PTY to the device (opened
// through device-access with the stored credentials; they never reach the browser). Output goes
// to the browser as binary frames; the browser sends JSON text frames: {"t":"i","d":"…"} typed
// input, {"t":"r","c":cols,"r":rows} a resize. Status goes back as JSON text frames: ready,
// error (with plain words) and exit. Ends on either side's close or after the idle timeout;
// the row is finished and the close audited with duration and bytes.
import type { WebSocket } from 'ws'
import { z } from 'zod'
import type { Deps } from '../deps.ts'
import { classifyError, type SshShell } from '../device-access/index.ts'
import { newId } from '../lib/ids.ts'
import { sealBytes } from '../lib/secretbox.ts'
import { dataKeyFor } from '../device-access/index.ts'
import { AsciicastRecorder } from './asciicast.ts'
import { auditRemote } from './remote-audit.ts'
import { recordingContext } from './recordings.service.ts'
import type { TerminalTicket } from './remote-access.types.ts'
import { finishTerminalSession, insertTerminalSession } from './terminal.repo.ts'

const clientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('i'), d: z.string().max(65_536) }),
  z.object({
    t: z.literal('r'),
    c: z.number().int().min(2).max(1000),
    r: z.number().int().min(2).max(1000),
  }),
])

/** WebSocket close codes the page understands (4000–4999 are free for applications). */
export const CLOSE = { limit: 4008, failed: 4011, idle: 4012, shutdown: 1001 } as const

export function sendControl(ws: WebSocket, msg: Record<string, unknown>): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
}

export class TerminalSession {
  readonly id: string
  readonly #deps: Deps
  readonly #ws: WebSocket
  readonly #t: TerminalTicket
  #onEnd: (() => void) | undefined
  #shell: SshShell | undefined
  #recorder: AsciicastRecorder | undefined
  #idle: NodeJS.Timeout | undefined
  #startedAt = 0
  #bytesIn = 0
  #bytesOut = 0
  #ended = false
  #done: Promise<void> | undefined

  constructor(deps: Deps, ws: WebSocket, ticket: TerminalTicket, onEnd: () => void) {
    this.#deps = deps
    this.#ws = ws
    this.#t = ticket
    this.#onEnd = onEnd
    this.id = newId(deps.clock.now())
  }

  get #who() {
    return { tenantId: this.#t.scope.tenantId, actor: this.#t.actor, ip: this.#t.actor.ip }
  }

  /** Opens the SSH side, then bridges until either side closes. */
  async start(): Promise<void> {
    const { scope, device, cols, rows } = this.#t
    this.#ws.on('close', () => void this.end('closed by the user'))
    try {
      this.#shell = await this.#deps.deviceAccess.sshShell(scope, device.id, { cols, rows })
    } catch (err) {
      const reason = classifyError(err).reason
      sendControl(this.#ws, { t: 'error', m: reason })
      this.#ws.close(CLOSE.failed, 'ssh failed')
      this.#ended = true
      this.#release()
      await auditRemote(this.#deps, this.#who, 'terminal.open', device, 'failure', { reason })
      return
    }
    if (this.#ended || this.#ws.readyState !== this.#ws.OPEN) {
      this.#shell.close()
      return
    }
    await this.#opened()
  }

  async #opened(): Promise<void> {
    const { scope, device, cols, rows, actor } = this.#t
    const shell = this.#shell!
    this.#startedAt = this.#deps.clock.now()
    if (this.#deps.config.terminal.record)
      this.#recorder = new AsciicastRecorder(this.#startedAt, { cols, rows }, device.name)
    await insertTerminalSession(scope, {
      id: this.id,
      device_id: device.id,
      device_name: device.name,
      user_id: actor.kind === 'user' ? actor.id : null,
      user_name: actor.name,
      ip: actor.ip,
      started_at: this.#startedAt,
    })
    await auditRemote(this.#deps, this.#who, 'terminal.open', device, 'success', {
      sessionId: this.id,
      recorded: this.#recorder !== undefined,
    })
    shell.stream.on('data', (data: Buffer) => {
      this.#bytesOut += data.length
      this.#recorder?.output(this.#deps.clock.now(), data)
      if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(data)
    })
    shell.stream.stderr.on('data', (data: Buffer) => {
      if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(data)
    })
    shell.stream.on('close', () => void this.end('closed by the device'))
    this.#ws.on('message', (raw, isBinary) => this.#fromBrowser(raw.toString(), isBinary))
    this.#touch()
    sendControl(this.#ws, { t: 'ready', sessionId: this.id })
  }

  #fromBrowser(raw: string, isBinary: boolean): void {
    const parsed = isBinary ? undefined : clientMessage.safeParse(safeJson(raw))
    if (!parsed?.success) return void sendControl(this.#ws, { t: 'error', m: 'bad message' })
    const msg = parsed.data
    if (msg.t === 'i') {
      this.#bytesIn += Buffer.byteLength(msg.d)
      this.#shell?.stream.write(msg.d)
      this.#touch()
    } else {
      this.#shell?.resize(msg.c, msg.r)
      this.#recorder?.resize(this.#deps.clock.now(), msg.c, msg.r)
    }
  }

  /** The idle timeout restarts on every keystroke (output alone does not keep a session open). */
  #touch(): void {
    clearTimeout(this.#idle)
    const idleMs = this.#deps.config.terminal.idleMs
    this.#idle = setTimeout(() => {
      const minutes = Math.round(idleMs / 60_000)
      sendControl(this.#ws, { t: 'exit', m: `Closed after ${minutes || '<1'} min without input.` })
      this.#ws.close(CLOSE.idle, 'idle')
      void this.end('idle timeout')
    }, idleMs)
    this.#idle.unref()
  }

  /** Frees the session's place in the limits, once. */
  #release(): void {
    const f = this.#onEnd
    this.#onEnd = undefined
    f?.()
  }

  /** Closes both sides once; finishes the row and audits the close. */
  end(reason: string): Promise<void> {
    this.#done ??= this.#finish(reason)
    return this.#done
  }

  async #finish(reason: string): Promise<void> {
    if (this.#ended) return
    this.#ended = true
    clearTimeout(this.#idle)
    this.#shell?.close()
    if (this.#ws.readyState === this.#ws.OPEN) {
      sendControl(this.#ws, { t: 'exit', m: `Session ended: ${reason}.` })
      this.#ws.close(reason === 'appliance stopping' ? CLOSE.shutdown : 1000, 'ended')
    }
    this.#release()
    if (this.#shell === undefined) return
    const now = this.#deps.clock.now()
    const { scope, device } = this.#t
    const cast = this.#recorder?.finish()
    const plain = cast === undefined ? undefined : Buffer.from(cast, 'utf8')
    const key = plain === undefined ? undefined : await dataKeyFor(this.#deps, scope)
    await finishTerminalSession(scope, this.id, {
      ended_at: now,
      bytes_in: this.#bytesIn,
      bytes_out: this.#bytesOut,
      end_reason: reason,
      recording:
        plain && key ? sealBytes(key, plain, recordingContext(scope.tenantId, this.id)) : null,
      recording_bytes: plain?.length ?? null,
    })
    await auditRemote(this.#deps, this.#who, 'terminal.close', device, 'success', {
      sessionId: this.id,
      durationMs: now - this.#startedAt,
      bytesIn: this.#bytesIn,
      bytesOut: this.#bytesOut,
      reason,
    })
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}
