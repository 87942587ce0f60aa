// The one HTTP client of the senders: POST with a hard timeout (a hanging receiver never holds a
// worker slot longer than that), no redirects (a channel's URL is where messages go, not where a
// server sends them next), and failure words that name the host but never the path (Slack, Teams
// and Telegram carry their tokens in the path).
import { DeliveryError } from './sender.ts'

export interface PostResult {
  status: number
  body: string
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'the configured URL'
  }
}

/** 408 and 429 and 5xx are worth retrying; other 4xx mean the settings are wrong. */
function permanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429
}

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  const host = hostOf(url)
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Outpost-Notifier', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      throw new DeliveryError(
        `${host} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`,
        false,
        { cause: err },
      )
    const code = e.cause?.code
    throw new DeliveryError(`cannot reach ${host}${code ? ` (${code})` : ''}`, false, {
      cause: err,
    })
  }
  const text = await res.text().catch(() => '')
  if (res.status >= 300 && res.status < 400)
    throw new DeliveryError(
      `${host} answered with a redirect (${res.status}); use the final URL`,
      true,
    )
  if (!res.ok) {
    const snippet = text.replace(/\s+/g, ' ').slice(0, 120)
    throw new DeliveryError(
      `${host} answered HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`,
      permanentStatus(res.status),
    )
  }
  return { status: res.status, body: text }
}

/** An http(s) URL without credentials in it. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value)
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === ''
    )
  } catch {
    return false
  }
}
