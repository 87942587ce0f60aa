// An app on a fresh database plus a cookie-keeping client for app.request(): no port is opened.
// The agent sends Origin and the CSRF token like a browser page would, unless told not to.
import type { Hono } from 'hono'
import { createApp } from '../../src/app.ts'
import { csrfTokenFor, CSRF_SEED_COOKIE } from '../../src/http/middleware/csrf.ts'
import { ACCESS_COOKIE } from '../../src/http/session-cookies.ts'
import { createTestDeps, type TestDeps, type TestDepsOptions } from './db.ts'

export const ORIGIN = 'http://localhost'

export interface TestApp {
  app: { request: Hono['request'] }
  deps: TestDeps
  /** A new browser-like client; each gets its own client address unless one is given. */
  agent(ip?: string): TestAgent
  close(): Promise<void>
}

/** The whole app (src/app.ts createApp), as main.ts serves it. */
async function buildApp(deps: TestDeps): Promise<{ request: Hono['request'] }> {
  return createApp(deps)
}

let nextIp = 1

export async function createTestApp(options: TestDepsOptions = {}): Promise<TestApp> {
  const deps = await createTestDeps(options)
  const app = await buildApp(deps)
  return {
    app,
    deps,
    agent: (ip) =>
      new TestAgent(app, deps, ip ?? `10.0.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`),
    close: () => deps.close(),
  }
}

export interface RequestOptions {
  form?: Record<string, string>
  json?: unknown
  /** a raw body, sent as is with the CSRF token in its header (set Content-Type in headers) */
  raw?: string | Uint8Array<ArrayBuffer>
  headers?: Record<string, string>
  /** send HX-Request: true */
  htmx?: boolean
  /** false: send no CSRF token; a string: send this one */
  csrf?: boolean | string
  /** false: send no Origin header */
  origin?: boolean | string
}

export class TestAgent {
  readonly cookies = new Map<string, string>()
  readonly ip: string
  readonly #app: { request: Hono['request'] }
  readonly #deps: TestDeps

  constructor(app: { request: Hono['request'] }, deps: TestDeps, ip: string) {
    this.#app = app
    this.#deps = deps
    this.ip = ip
  }

  get(path: string, options: RequestOptions = {}): Promise<Response> {
    return this.request('GET', path, options)
  }

  post(
    path: string,
    form: Record<string, string> = {},
    options: RequestOptions = {},
  ): Promise<Response> {
    return this.request('POST', path, { ...options, form })
  }

  /** The token a page rendered for this agent would carry (family-bound, or seed-bound). */
  async csrfToken(): Promise<string> {
    const family = familyOf(this.cookies.get(ACCESS_COOKIE))
    if (family) return csrfTokenFor(this.#deps.secrets.tokenKey, `family:${family}`)
    if (!this.cookies.has(CSRF_SEED_COOKIE)) await this.get('/login')
    return csrfTokenFor(this.#deps.secrets.tokenKey, `seed:${this.cookies.get(CSRF_SEED_COOKIE)}`)
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers }
    const unsafe = !/^(GET|HEAD|OPTIONS)$/.test(method)
    if (unsafe && options.origin !== false)
      headers.Origin = typeof options.origin === 'string' ? options.origin : ORIGIN
    if (options.htmx) headers['HX-Request'] = 'true'
    let body: string | Uint8Array<ArrayBuffer> | undefined
    if (options.form) {
      const form = { ...options.form }
      if (unsafe && options.csrf !== false)
        form._csrf = typeof options.csrf === 'string' ? options.csrf : await this.csrfToken()
      body = new URLSearchParams(form).toString()
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json)
      headers['Content-Type'] = 'application/json'
      if (unsafe && options.csrf !== false)
        headers['X-CSRF-Token'] =
          typeof options.csrf === 'string' ? options.csrf : await this.csrfToken()
    } else if (options.raw !== undefined) {
      body = options.raw
      if (unsafe && options.csrf !== false)
        headers['X-CSRF-Token'] =
          typeof options.csrf === 'string' ? options.csrf : await this.csrfToken()
    }
    if (this.cookies.size > 0)
      headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const env = { incoming: { socket: { remoteAddress: this.ip } } }
    const res = await this.#app.request(`${ORIGIN}${path}`, { method, headers, body }, env)
    this.#store(res)
    return res
  }

  #store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const eq = pair?.indexOf('=') ?? -1
      if (!pair || eq < 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}

function familyOf(access: string | undefined): string | undefined {
  const body = access?.split('.')[1]
  if (!body) return undefined
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { f?: string }
  return claims.f
}
