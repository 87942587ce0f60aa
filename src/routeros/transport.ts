/**
 * Opens the byte stream to a router: plain TCP (API, 8728) or TLS (API-SSL, 8729) with an
 * explicit trust mode, bounded by a connect timeout, with failures mapped to typed errors.
 */
import net from 'node:net'
import tls from 'node:tls'
import {
  ConnectTimeoutError,
  RefusedError,
  type RouterOsError,
  TlsError,
  UnreachableError,
} from './errors.ts'

/**
 * How to trust the router's TLS endpoint.
 * - `verify`: the certificate must chain to `ca` (and match `servername` unless
 *   `checkHostname: false`, useful when routers are addressed by IP).
 * - `pin`: accept only a certificate whose SHA-256 fingerprint equals `fingerprint256`
 *   (hex, colons and case ignored).
 * - `insecure`: accept any certificate (self-signed routers); the traffic is still encrypted.
 * - `certless`: anonymous Diffie-Hellman, for an api-ssl service without a certificate.
 * @example const mode: TlsMode = { mode: 'pin', fingerprint256: 'AB:CD:…' }
 */
export type TlsMode =
  | { mode: 'verify'; ca: string | Buffer; servername?: string; checkHostname?: boolean }
  | { mode: 'pin'; fingerprint256: string }
  | { mode: 'insecure' }
  | { mode: 'certless' }

/**
 * Where and how to open the stream.
 * @example const t: TransportOptions = { host: '10.0.0.1', port: 8729, tls: { mode: 'insecure' } }
 */
export interface TransportOptions {
  host: string
  /** Defaults to 8728, or 8729 when `tls` is set. */
  port?: number
  tls?: TlsMode
  /** TCP connect + TLS handshake budget, default 10 s. */
  connectTimeoutMs?: number
}

/** Default API port for the transport options. */
function defaultPort(opts: TransportOptions): number {
  return opts.port ?? (opts.tls ? 8729 : 8728)
}

/**
 * Normalises a SHA-256 fingerprint to upper-case hex pairs separated by colons.
 * @example normalizeFingerprint('abcd') // 'AB:CD'
 */
export function normalizeFingerprint(fp: string): string {
  const hex = fp
    .replace(/^sha256:/i, '')
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase()
  return hex.match(/.{1,2}/g)?.join(':') ?? ''
}

/**
 * Maps a socket error raised before the TCP connection is up to a typed error: refused for
 * ECONNREFUSED, connect_timeout for ETIMEDOUT, unreachable for everything else (EHOSTUNREACH,
 * ENETUNREACH, ENOTFOUND, EAI_AGAIN…).
 * @example mapSocketError(Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }), '10.0.0.1:8728')
 */
export function mapSocketError(err: NodeJS.ErrnoException, where: string): RouterOsError {
  switch (err.code) {
    case 'ECONNREFUSED':
      return new RefusedError(`${where} refused the connection`, { cause: err })
    case 'ETIMEDOUT':
      return new ConnectTimeoutError(`connect to ${where} timed out`)
    default:
      return new UnreachableError(`${where} is unreachable (${err.code ?? err.message})`, {
        cause: err,
      })
  }
}

function tlsOptions(mode: TlsMode, host: string): tls.ConnectionOptions {
  switch (mode.mode) {
    case 'verify': {
      const servername = mode.servername ?? (net.isIP(host) ? undefined : host)
      return {
        ca: mode.ca,
        rejectUnauthorized: true,
        ...(servername ? { servername } : {}),
        ...(mode.checkHostname === false ? { checkServerIdentity: () => undefined } : {}),
      }
    }
    case 'pin':
    case 'insecure':
      return { rejectUnauthorized: false }
    case 'certless':
      return { rejectUnauthorized: false, ciphers: 'ADH:@SECLEVEL=0', maxVersion: 'TLSv1.2' }
  }
}

function checkPin(sock: tls.TLSSocket, mode: TlsMode): RouterOsError | undefined {
  if (mode.mode !== 'pin') return undefined
  const got = normalizeFingerprint(sock.getPeerCertificate().fingerprint256 ?? '')
  const want = normalizeFingerprint(mode.fingerprint256)
  if (got === want) return undefined
  return new TlsError(`certificate fingerprint mismatch: expected ${want}, got ${got || 'none'}`)
}

/**
 * Connects and resolves with a socket ready for API words (TLS handshake done and checked).
 * Rejects with RefusedError, UnreachableError, ConnectTimeoutError or TlsError.
 * @example const sock = await openTransport({ host: '127.0.0.1', port: 8728 })
 */
export function openTransport(opts: TransportOptions): Promise<net.Socket> {
  const port = defaultPort(opts)
  const where = `${opts.host}:${port}`
  const timeoutMs = opts.connectTimeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    const mode = opts.tls
    // one socket per attempt: wrapping a connected net.Socket leaks its fd when TLS fails
    const sock = mode
      ? tls.connect({ host: opts.host, port, ...tlsOptions(mode, opts.host) })
      : net.connect({ host: opts.host, port })
    let tcpUp = false
    let settled = false
    const fail = (err: RouterOsError) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      sock.destroy()
      reject(err)
    }
    const timer = setTimeout(
      () => fail(new ConnectTimeoutError(`connect to ${where} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    )
    const done = () => {
      settled = true
      clearTimeout(timer)
      sock.removeAllListeners('error')
      sock.removeAllListeners('close')
      sock.on('error', () => undefined) // the owner attaches its own handler; never crash meanwhile
      resolve(sock)
    }
    sock.once('connect', () => {
      tcpUp = true
      if (!mode) done()
    })
    sock.once('error', (e: NodeJS.ErrnoException) => {
      if (!tcpUp) return fail(mapSocketError(e, where))
      fail(new TlsError(`TLS with ${where} failed: ${e.message}`, { cause: e }))
    })
    sock.once('close', () => fail(new TlsError(`TLS with ${where} failed: connection closed`)))
    if (mode) {
      sock.once('secureConnect', () => {
        const err = checkPin(sock as tls.TLSSocket, mode)
        return err ? fail(err) : done()
      })
    }
  })
}
