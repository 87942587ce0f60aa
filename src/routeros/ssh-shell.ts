/**
 * An interactive SSH shell with a PTY (the browser terminal). Same login and host-key pinning as
 * sshExec in ssh.ts; resolves once the shell channel is open and hands the caller a duplex
 * stream of terminal bytes plus resize and close.
 */
import { Client } from 'ssh2'
import type { ClientChannel } from 'ssh2'
import { HostKeyMismatchError, SshError } from './errors.ts'
import { hostKeyFingerprint } from './ssh.ts'

/**
 * @example const o: SshShellOptions = { host: '10.0.0.1', username: 'admin', password: 'x', cols: 80, rows: 24 }
 */
export interface SshShellOptions {
  host: string
  /** Default 22. */
  port?: number
  username: string
  password?: string
  /** Pinned host key (`SHA256:…`); omit at first contact. A different key is refused. */
  hostKey?: string
  /** Handshake + auth + channel budget, default 10 s. */
  connectTimeoutMs?: number
  cols: number
  rows: number
  /** Value of TERM on the device side, default xterm-256color. */
  term?: string
}

/** An open shell: read and write `stream`; `closed` settles when the connection is gone. */
export interface SshShell {
  readonly stream: ClientChannel
  readonly hostKey: string
  readonly closed: Promise<void>
  resize(cols: number, rows: number): void
  close(): void
}

/**
 * Connects, verifies the host key, opens a PTY and a shell. Rejects with HostKeyMismatchError or
 * SshError (unreachable, authentication failed, shell refused).
 * @example const sh = await sshShell({ host, port, username: 'admin', password: '', cols: 80, rows: 24 })
 */
export function sshShell(opts: SshShellOptions): Promise<SshShell> {
  return new Promise((resolve, reject) => {
    const conn = new Client()
    const where = `${opts.username}@${opts.host}:${opts.port ?? 22}`
    const state: { key: string; mismatch?: HostKeyMismatchError; open: boolean } = {
      key: '',
      open: false,
    }
    let markClosed: () => void = () => {}
    const closed = new Promise<void>((r) => (markClosed = r))
    const budget = opts.connectTimeoutMs ?? 10_000
    // readyTimeout covers the login only; a device that never opens the shell must fail too
    const timer = setTimeout(
      () => fail(new SshError(`ssh ${where}: no shell within ${budget} ms`)),
      budget,
    )
    const fail = (err: Error): void => {
      clearTimeout(timer)
      if (state.open) return
      state.open = true // settled
      conn.destroy()
      reject(err)
    }
    conn.on('error', (e: Error & { level?: string }) => {
      if (state.mismatch) return fail(state.mismatch)
      const what = e.level === 'client-authentication' ? 'authentication failed' : e.message
      fail(new SshError(`ssh ${where}: ${what}`, { cause: e }))
    })
    conn.on('close', () => {
      markClosed()
      fail(state.mismatch ?? new SshError(`ssh ${where}: connection closed`))
    })
    conn.on('keyboard-interactive', (_n, _i, _l, prompts, answer) =>
      answer(prompts.map(() => opts.password ?? '')),
    )
    conn.on('ready', () => {
      // interactive: each keystroke is its own small packet; Nagle would hold it for an ACK
      conn.setNoDelay(true)
      const window = { cols: opts.cols, rows: opts.rows, term: opts.term ?? 'xterm-256color' }
      conn.shell(window, (err, stream) => {
        if (err) return fail(new SshError(`ssh ${where}: shell refused: ${err.message}`))
        if (state.open) return void stream.close()
        state.open = true
        clearTimeout(timer)
        stream.on('close', () => conn.end())
        resolve({
          stream,
          hostKey: state.key,
          closed,
          resize: (cols, rows) => stream.setWindow(rows, cols, 0, 0),
          close: () => {
            stream.close()
            conn.end()
            setTimeout(() => conn.destroy(), 1000).unref()
          },
        })
      })
    })
    try {
      conn.connect({
        host: opts.host,
        port: opts.port ?? 22,
        username: opts.username,
        readyTimeout: budget,
        tryKeyboard: opts.password !== undefined,
        ...(opts.password !== undefined ? { password: opts.password } : {}),
        hostVerifier: (key: Buffer) => {
          state.key = hostKeyFingerprint(key)
          if (opts.hostKey === undefined || opts.hostKey === state.key) return true
          state.mismatch = new HostKeyMismatchError(opts.hostKey, state.key)
          return false
        },
      })
    } catch (e) {
      fail(new SshError(`ssh ${where}: ${(e as Error).message}`, { cause: e }))
    }
  })
}
