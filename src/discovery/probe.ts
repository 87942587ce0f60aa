// One TCP probe of one address and port, bounded by a timeout. An open port is looked at only as
// far as it identifies RouterOS without logging in: the API port answers any command before login
// with a `!trap` sentence, and RouterOS's SSH server calls itself ROSSSH in its banner. Nothing is
// sent to other ports; a connect that succeeds there is simply "open".
import { connect, type Socket } from 'node:net'
import { encodeSentence, SentenceDecoder } from '../routeros/protocol.ts'

export const API_PORT = 8728
export const SSH_PORT = 22
export const WINBOX_PORT = 8291

export interface ProbeResult {
  open: boolean
  /** how RouterOS showed itself on this port, when it did */
  routeros?: string
}

/** A command that needs a session: the answer proves the API protocol without a login attempt. */
const API_HELLO = encodeSentence(['/system/identity/print'])

function identify(sock: Socket, port: number, done: (routeros?: string) => void): void {
  if (port === API_PORT) {
    const decoder = new SentenceDecoder({ maxSentenceBytes: 4096 })
    sock.on('data', (chunk: Buffer) => {
      try {
        const first = decoder.push(chunk)[0]?.[0]?.toString('latin1')
        if (first !== undefined) done(first.startsWith('!') ? 'API answered' : undefined)
      } catch {
        done() // not the API protocol: the port is open, nothing more
      }
    })
    sock.write(API_HELLO)
  } else if (port === SSH_PORT) {
    let banner = ''
    sock.on('data', (chunk: Buffer) => {
      banner += chunk.toString('latin1')
      if (banner.includes('\n') || banner.length > 255)
        done(/^SSH-2\.0-ROSSSH/.test(banner) ? 'SSH banner ROSSSH' : undefined)
    })
  } else done(port === WINBOX_PORT ? 'WinBox port open' : undefined)
}

/**
 * Probes host:port; resolves (never rejects) within about `timeoutMs`, or at once on abort.
 * @example await probePort('127.20.0.5', 8728, 1000) // { open: true, routeros: 'API answered' }
 */
export function probePort(
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let opened = false
    let settled = false
    const sock = connect({ host, port })
    const finish = (routeros?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      sock.destroy()
      resolve(opened ? (routeros ? { open: true, routeros } : { open: true }) : { open: false })
    }
    const onAbort = () => finish()
    // connecting gets `timeoutMs` (what a silent address costs); an open port gets as long again
    // to identify itself, so a busy router is still recognised. A silent open port is "open".
    let timer = setTimeout(() => finish(), timeoutMs)
    signal?.addEventListener('abort', onAbort, { once: true })
    sock.setNoDelay(true)
    sock.once('connect', () => {
      opened = true
      clearTimeout(timer)
      timer = setTimeout(() => finish(), timeoutMs)
      identify(sock, port, finish)
    })
    sock.on('error', () => finish())
    sock.on('close', () => finish())
  })
}
