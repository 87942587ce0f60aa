/**
 * Opens a transport, logs in (plain method with automatic fallback to the pre-6.43 MD5
 * challenge) and returns a ready {@link RouterOsSession}.
 */
import { createHash } from 'node:crypto'
import { openTransport } from './transport.ts'
import type { TransportOptions } from './transport.ts'
import { RouterOsSession } from './session.ts'
import type { SessionOptions } from './session.ts'
import { ApiPermissionError, BadCredentialsError, ProtocolError, TrapError } from './errors.ts'

/**
 * Everything needed to reach and log in to a router.
 * @example
 * const o: ConnectOptions = {
 *   host: '10.0.0.1', tls: { mode: 'insecure' }, username: 'admin', password: 's3cret',
 * }
 */
export interface ConnectOptions extends TransportOptions, SessionOptions {
  username: string
  password: string
  /** Deadline of each login step, default 10 s. */
  loginTimeoutMs?: number
}

/**
 * The pre-6.43 login answer: `"00" + hex(md5(0x00 ‖ password ‖ challenge))`.
 * @example md5Response('', '0123456789abcdef0123456789abcdef') // '00' + 32 hex chars
 */
export function md5Response(
  password: string,
  challengeHex: string,
  encoding: BufferEncoding = 'latin1',
): string {
  const md5 = createHash('md5')
  md5.update(Buffer.from([0]))
  md5.update(Buffer.from(password, encoding))
  md5.update(Buffer.from(challengeHex, 'hex'))
  return `00${md5.digest('hex')}`
}

function loginError(e: unknown): unknown {
  if (!(e instanceof TrapError)) return e
  if (/permission|policy|not allowed/i.test(e.routerMessage))
    return new ApiPermissionError(e.routerMessage)
  return new BadCredentialsError(e.routerMessage)
}

/**
 * Logs in on an open session; plain first, MD5 challenge when the router answers `=ret=<hex>`.
 * @example await login(session, 'admin', '', 10_000)
 */
export async function login(
  s: RouterOsSession,
  username: string,
  password: string,
  timeoutMs: number,
  encoding: BufferEncoding = 'latin1',
): Promise<void> {
  try {
    const first = await s.write(['/login', `=name=${username}`, `=password=${password}`], {
      timeoutMs,
    })
    const challenge = first.done.ret
    if (challenge === undefined) return
    if (!/^[0-9a-f]{32}$/i.test(challenge))
      throw new ProtocolError(`unexpected login challenge ${JSON.stringify(challenge)}`)
    const response = md5Response(password, challenge, encoding)
    await s.write(['/login', `=name=${username}`, `=response=${response}`], { timeoutMs })
  } catch (e) {
    throw loginError(e)
  }
}

/**
 * Connects and logs in. Rejects with a typed error: RefusedError, UnreachableError,
 * ConnectTimeoutError, TlsError, BadCredentialsError, ApiPermissionError, FatalError, ClosedError.
 * @example
 * const s = await connect({ host: '127.0.0.1', port: 8728, username: 'admin', password: '' })
 * const [res] = await s.print('/system/resource')
 * await s.close()
 */
export async function connect(opts: ConnectOptions): Promise<RouterOsSession> {
  const socket = await openTransport(opts)
  const session = new RouterOsSession(socket, opts)
  try {
    await login(session, opts.username, opts.password, opts.loginTimeoutMs ?? 10_000, opts.encoding)
  } catch (e) {
    await session.close()
    throw e
  }
  return session
}
