/**
 * `/tool fetch` with `url=` over real HTTP(S) (node's fetch): `http-method`, `http-data`,
 * `http-header-field` ("Name: value", comma-separated), `output=none|user`. Like RouterOS,
 * check-certificate defaults to no, so an appliance's self-signed certificate is accepted. The
 * request runs after the command returns (the sim's dispatcher is synchronous); the outcome is
 * logged (`fetch,info` / `fetch,error`) and kept for tests in {@link fetchResults}.
 */
import { Agent, request as httpsRequest } from 'node:https'
import { request as httpRequest } from 'node:http'
import type { ExecResult } from './commands.ts'
import type { SimRouter } from './device.ts'
import { requirePolicy, type ExecContext } from './policy.ts'
import { TRAP } from './trap.ts'

export interface FetchResult {
  url: string
  status: number | null
  body: string
  error: string | null
}

const results = new WeakMap<SimRouter, Promise<FetchResult>[]>()

/** Every fetch this device started, in order (each resolves when its request ended). */
export function fetchResults(dev: SimRouter): Promise<FetchResult>[] {
  return results.get(dev) ?? []
}

function headers(field: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (field ?? '').split(',')) {
    const i = part.indexOf(':')
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim()
  }
  return out
}

function send(url: URL, method: string, head: Record<string, string>, body: string | undefined) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const tls = url.protocol === 'https:'
    const req = (tls ? httpsRequest : httpRequest)(
      url,
      {
        method,
        headers: body === undefined ? head : { ...head, 'Content-Length': Buffer.byteLength(body) },
        timeout: 10_000,
        ...(tls ? { agent: new Agent({ rejectUnauthorized: false }) } : {}),
      },
      (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('timeout', () => req.destroy(new Error('connection timeout')))
    req.on('error', reject)
    req.end(body)
  })
}

export function toolFetch(dev: SimRouter, a: Record<string, string>, ctx: ExecContext): ExecResult {
  requirePolicy(ctx, 'read', 'write', 'test')
  if (a.url === undefined) throw TRAP.missing('url')
  let url: URL
  try {
    url = new URL(a.url)
  } catch {
    throw TRAP.invalidValue('url')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw TRAP.invalidValue('url')
  const method = (a['http-method'] ?? 'get').toUpperCase()
  const list = results.get(dev) ?? []
  results.set(dev, list)
  let settle: (r: FetchResult) => void = () => undefined
  list.push(new Promise<FetchResult>((ok) => (settle = ok)))
  const after = () => {
    send(url, method, headers(a['http-header-field']), a['http-data'])
      .then(({ status, body }) => {
        const ok = status >= 200 && status < 300
        dev.addLog(ok ? 'fetch,info' : 'fetch,error', `fetch: ${url.host} status ${status}`)
        settle({ url: a.url ?? '', status, body, error: ok ? null : `status ${status}` })
      })
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err)
        dev.addLog('fetch,error', `fetch: ${url.host} failed: ${message}`)
        settle({ url: a.url ?? '', status: null, body: '', error: message })
      })
  }
  return { after }
}
