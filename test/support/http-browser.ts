// A cookie jar over fetch for tests and benchmarks that drive a real server process: the same
// requests a browser makes (Origin, cookies, the page's CSRF token), without a browser.

/** A cookie jar over fetch, sending what a browser sends (Origin, cookies). */
export class Browser {
  readonly jar = new Map<string, string>()
  readonly base: string
  constructor(base: string) {
    this.base = base
  }

  async req(
    method: string,
    path: string,
    body?: { form?: Record<string, string>; json?: unknown },
    headers: Record<string, string> = {},
  ) {
    const h: Record<string, string> = { Origin: this.base, ...headers }
    if (this.jar.size > 0) h.Cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ')
    let payload: string | undefined
    if (body?.form) {
      h['Content-Type'] = 'application/x-www-form-urlencoded'
      payload = new URLSearchParams(body.form).toString()
    } else if (body?.json !== undefined) {
      h['Content-Type'] = 'application/json'
      payload = JSON.stringify(body.json)
    }
    const res = await fetch(this.base + path, {
      method,
      headers: h,
      body: payload,
      redirect: 'manual',
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eq = (pair ?? '').indexOf('=')
      this.jar.set((pair ?? '').slice(0, eq).trim(), (pair ?? '').slice(eq + 1).trim())
    }
    return res
  }

  /** The CSRF token of a page: the login form's hidden field, or the page's hx-headers. */
  async token(path: string): Promise<string> {
    const html = await (await this.req('GET', path)).text()
    const m =
      /name="_csrf" value="([^"]+)"/.exec(html) ??
      /X-CSRF-Token(?:"|&quot;):(?:"|&quot;)([^"&]+)/.exec(html)
    if (!m) throw new Error(`no CSRF token on ${path}`)
    return m[1] as string
  }
}
