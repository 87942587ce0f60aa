// The edge's HTTPS client to the central Outpost (issue 20). With a pinned fingerprint the
// certificate must match it (a self-signed appliance certificate is fine) and nothing is sent
// before the check; without one the normal CA chain and host name are verified. Plain http is
// refused: the credential and the routers' configurations travel on this link.
import { request as httpsRequest, Agent } from 'node:https'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'

export class EdgeLinkError extends Error {
  readonly status: number | null
  constructor(message: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'EdgeLinkError'
    this.status = status
  }
}

export interface CentralTarget {
  url: string
  /** SHA-256 of the certificate as AA:BB:…; null: verify by the CA chain */
  fingerprint: string | null
}

export function normalizeFingerprint(input: string): string {
  const hex = input
    .replace(/^sha256:/i, '')
    .replace(/[^0-9a-fA-F]/g, '')
    .toUpperCase()
  if (hex.length !== 64)
    throw new EdgeLinkError('the fingerprint must be a SHA-256 (64 hex digits)', null)
  return hex.match(/.{2}/g)!.join(':')
}

export function parseCentralUrl(input: string): URL {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new EdgeLinkError(`not a URL: ${input}`, null)
  }
  if (url.protocol !== 'https:')
    throw new EdgeLinkError('the central URL must start with https://', null)
  return url
}

/** An agent whose connections are handed to the request only after the pin matched. */
function pinnedAgent(fingerprint: string): Agent {
  const agent = new Agent({ keepAlive: false })
  agent.createConnection = ((
    opts: Record<string, unknown>,
    cb: (err: Error | null, s?: TLSSocket) => void,
  ) => {
    const socket = tlsConnect({
      ...opts,
      rejectUnauthorized: false,
      servername: undefined,
    } as never)
    socket.once('secureConnect', () => {
      const got = socket.getPeerCertificate().fingerprint256
      if (got === fingerprint) return cb(null, socket)
      socket.destroy()
      cb(
        new EdgeLinkError(
          `the central's certificate ${got} does not match the pinned ${fingerprint}`,
          null,
        ),
      )
    })
    socket.once('error', (err) => cb(err))
  }) as never
  return agent
}

/**
 * One JSON request to the central; resolves the parsed answer of a 2xx, throws EdgeLinkError.
 * @example const r = await centralRequest(target, 'POST', '/api/v1/edge/batches', secret, batch)
 */
export function centralRequest(
  target: CentralTarget,
  method: 'GET' | 'POST',
  path: string,
  bearer: string | null,
  body: unknown,
  timeoutMs = 60_000,
): Promise<unknown> {
  const url = new URL(path, parseCentralUrl(target.url))
  // a string is JSON already serialised (the outbox keeps payloads as JSON text: no re-encoding)
  const payload =
    body === undefined
      ? undefined
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        timeout: timeoutMs,
        ...(target.fingerprint === null ? {} : { agent: pinnedAgent(target.fingerprint) }),
        headers: {
          accept: 'application/json',
          ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(payload.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = text === '' ? null : JSON.parse(text)
          } catch {
            json = null
          }
          const status = res.statusCode ?? 0
          if (status >= 200 && status < 300) return resolve(json)
          const msg = (json as { error?: { message?: string } } | null)?.error?.message
          reject(new EdgeLinkError(`central answered ${status}${msg ? `: ${msg}` : ''}`, status))
        })
      },
    )
    req.on('timeout', () =>
      req.destroy(new EdgeLinkError('the central did not answer in time', null)),
    )
    req.on('error', (err) =>
      reject(
        err instanceof EdgeLinkError
          ? err
          : new EdgeLinkError(
              `cannot reach the central: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
              null,
              { cause: err },
            ),
      ),
    )
    req.end(payload)
  })
}
