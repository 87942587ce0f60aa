/**
 * Runs one command over SSH (exec channel, no PTY) and returns its full output. Used for
 * `/export` and bulk commands. The host key is pinned at first contact: the caller stores the
 * returned fingerprint and passes it back as `hostKey` on later connections.
 */
import { createHash } from 'node:crypto'
import { Client } from 'ssh2'
import type { ClientChannel, ConnectConfig } from 'ssh2'
import {
  CommandTimeoutError,
  HostKeyMismatchError,
  ReplyTooLargeError,
  type RouterOsError,
  SshError,
} from './errors.ts'

/**
 * Default cap on what one SSH command may print (stdout and stderr together): 16 MiB, some 45
 * times the largest real `/export` we know (352 KB).
 * @example sshExec({ ...opts, maxOutputBytes: DEFAULT_SSH_MAX_OUTPUT_BYTES * 2 })
 */
export const DEFAULT_SSH_MAX_OUTPUT_BYTES = 16 * 1024 * 1024

/**
 * Where to connect, how to authenticate and what to run.
 * @example
 * const o: SshExecOptions = {
 *   host: '10.0.0.1', username: 'admin', password: 'x', command: '/export',
 * }
 */
export interface SshExecOptions {
  host: string
  /** Default 22. */
  port?: number
  username: string
  password?: string
  privateKey?: string | Buffer
  command: string
  /** Pinned host key (`SHA256:…`); omit at first contact. A different key is refused. */
  hostKey?: string
  /** Handshake + auth budget, default 10 s. */
  connectTimeoutMs?: number
  /** Whole-command budget (after login), default 120 s. */
  timeoutMs?: number
  /**
   * Stop and fail with ReplyTooLargeError (closing the connection) when stdout and stderr
   * together grow past this many bytes, default {@link DEFAULT_SSH_MAX_OUTPUT_BYTES}.
   */
  maxOutputBytes?: number
  /**
   * After the command, fetch this file over SFTP on the same connection (and remove it from the
   * device when asked): `/system backup save` then its `.backup`, in one session.
   */
  fetchFile?: { path: string; remove: boolean }
  /**
   * Before the command, upload this file over SFTP on the same connection: a stored `.backup`
   * then `/system backup load` of it, in one session.
   */
  putFile?: { path: string; data: Buffer }
}

/**
 * Output of the command and the host key seen (persist it at first contact).
 * @example const { stdout, exitCode, hostKey } = await sshExec(opts)
 */
export interface SshExecResult {
  stdout: string
  stderr: string
  /** Exit status, or null when the server sent none (RouterOS often does not). */
  exitCode: number | null
  hostKey: string
  /** the bytes of `fetchFile` */
  file?: Buffer
}

/**
 * OpenSSH-style fingerprint of a raw host key blob: `SHA256:` + unpadded base64.
 * @example hostKeyFingerprint(keyBlob) // 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'
 */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
}

function collect(ch: ClientChannel, max: number, onTooBig: () => void) {
  const out: Buffer[] = []
  const err: Buffer[] = []
  let size = 0
  // one budget for both streams: a device flooding stderr must not fill the memory either
  const keep = (into: Buffer[]) => (d: Buffer) => {
    if (size > max) return
    size += d.length
    if (size > max) return onTooBig()
    into.push(d)
  }
  ch.on('data', keep(out))
  ch.stderr.on('data', keep(err))
  return () => ({
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  })
}

/**
 * Connects, verifies the host key, runs `command` on an exec channel without a PTY and resolves
 * with everything it printed. Rejects with HostKeyMismatchError, SshError, CommandTimeoutError or
 * ReplyTooLargeError (output past `maxOutputBytes`).
 * @example
 * const first = await sshExec({ host, port, username: 'admin', password: '', command: '/export' })
 * const opts = { host, port, username: 'admin', password: '', command: '/export' }
 * await sshExec({ ...opts, hostKey: first.hostKey })
 */
export function sshExec(opts: SshExecOptions): Promise<SshExecResult> {
  return new Promise((resolve, reject) => {
    const conn = new Client()
    const where = `${opts.username}@${opts.host}:${opts.port ?? 22}`
    const state: {
      key: string
      mismatch?: RouterOsError
      settled?: boolean
      timer?: NodeJS.Timeout
    } = { key: '' }
    const finish: Finish = (err, result) => {
      if (state.settled) return
      state.settled = true
      clearTimeout(state.timer)
      conn.end()
      setImmediate(() => conn.destroy())
      if (err) reject(err)
      else resolve(result as SshExecResult)
    }
    conn.on('error', (e: Error & { level?: string }) => {
      if (state.mismatch) return finish(state.mismatch)
      const what = e.level === 'client-authentication' ? 'authentication failed' : e.message
      finish(new SshError(`ssh ${where}: ${what}`, { cause: e }))
    })
    conn.on('close', () =>
      finish(state.mismatch ?? new SshError(`ssh ${where}: connection closed`)),
    )
    conn.on('ready', () => {
      const timeoutMs = opts.timeoutMs ?? 120_000
      const onTimeout = () => finish(new CommandTimeoutError(`ssh ${opts.command}`, timeoutMs))
      state.timer = setTimeout(onTimeout, timeoutMs)
      if (opts.putFile === undefined) return runExec(conn, opts, where, () => state.key, finish)
      const put = opts.putFile
      putOver(conn, put, (e) => {
        if (e)
          return finish(
            new SshError(`ssh ${where}: sftp put ${put.path}: ${e.message}`, { cause: e }),
          )
        runExec(conn, opts, where, () => state.key, finish)
      })
    })
    conn.on('keyboard-interactive', (_n, _i, _l, prompts, answer) =>
      answer(prompts.map(() => opts.password ?? '')),
    )
    const verify = (fingerprint: string) => {
      state.key = fingerprint
      if (opts.hostKey === undefined || opts.hostKey === fingerprint) return true
      state.mismatch = new HostKeyMismatchError(opts.hostKey, fingerprint)
      return false
    }
    try {
      conn.connect(connectConfig(opts, verify))
    } catch (e) {
      finish(new SshError(`ssh ${where}: ${(e as Error).message}`, { cause: e }))
    }
  })
}

type Finish = (err: unknown, result?: SshExecResult) => void

function connectConfig(opts: SshExecOptions, verify: (fp: string) => boolean): ConnectConfig {
  return {
    host: opts.host,
    port: opts.port ?? 22,
    username: opts.username,
    readyTimeout: opts.connectTimeoutMs ?? 10_000,
    tryKeyboard: opts.password !== undefined,
    hostVerifier: (key: Buffer) => verify(hostKeyFingerprint(key)),
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    ...(opts.privateKey !== undefined ? { privateKey: opts.privateKey } : {}),
  }
}

function runExec(
  conn: Client,
  opts: SshExecOptions,
  where: string,
  hostKey: () => string,
  finish: Finish,
): void {
  conn.exec(opts.command, { pty: false }, (err, ch) => {
    if (err)
      return finish(new SshError(`ssh ${where}: exec failed: ${err.message}`, { cause: err }))
    let exitCode: number | null = null
    const max = opts.maxOutputBytes ?? DEFAULT_SSH_MAX_OUTPUT_BYTES
    const result = collect(ch, max, () =>
      finish(new ReplyTooLargeError(`ssh ${opts.command}`, max)),
    )
    ch.on('exit', (code: number | null) => (exitCode = typeof code === 'number' ? code : null))
    ch.on('close', () => {
      if (opts.fetchFile === undefined)
        return finish(undefined, { ...result(), exitCode, hostKey: hostKey() })
      fetchOver(conn, opts.fetchFile, max, (e, file) => {
        if (!e)
          return finish(undefined, {
            ...result(),
            exitCode,
            hostKey: hostKey(),
            ...(file ? { file } : {}),
          })
        // no file usually means the command failed: what the router printed says why
        const r = result()
        const said = `${r.stdout}${r.stderr}`.trim().slice(0, 200)
        finish(
          new SshError(
            `ssh ${where}: sftp ${opts.fetchFile?.path}: ${e.message}${said ? ` (the router said: ${said})` : ''}`,
            { cause: e },
          ),
        )
      })
    })
  })
}

/** Reads (and removes) one file over the SFTP subsystem of an open connection. */
function fetchOver(
  conn: Client,
  f: { path: string; remove: boolean },
  max: number,
  done: (e: Error | undefined, file?: Buffer) => void,
): void {
  conn.sftp((err, sftp) => {
    if (err) return done(err)
    sftp.stat(f.path, (e1, st) => {
      if (e1) return done(e1)
      if (st.size > max) return done(new Error(`file of ${st.size} bytes is larger than ${max}`))
      sftp.readFile(f.path, (e2, buf) => {
        if (e2) return done(e2)
        if (!f.remove) return done(undefined, buf)
        sftp.unlink(f.path, (e3) => done(e3 ?? undefined, buf))
      })
    })
  })
}

/** Writes one file over the SFTP subsystem of an open connection (replacing one of that name). */
function putOver(
  conn: Client,
  f: { path: string; data: Buffer },
  done: (e: Error | undefined) => void,
): void {
  conn.sftp((err, sftp) => {
    if (err) return done(err)
    sftp.writeFile(f.path, f.data, (e) => done(e ?? undefined))
  })
}
