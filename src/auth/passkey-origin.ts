// Which relying party (RP ID and origin) passkeys belong to. A passkey is bound to a host name
// for life, so it comes from configuration whenever there is one: the link base of the system
// mail settings (where password-reset links point), else OUTPOST_PUBLIC_URL. Only a box with
// neither falls back to the request's own host, and then only when the browser's Origin header
// names that same host (the one allowed origin), never an IP address (browsers refuse those).
import type { Deps } from '../deps.ts'
import { readSystemMail } from '../notifications/index.ts'

export interface RelyingParty {
  rpId: string
  origin: string
}

export interface RequestPlace {
  /** the request URL as the server saw it */
  url: string
  /** reached over TLS (directly or through a trusted proxy) */
  https: boolean
  /** the browser's Origin header */
  origin: string | undefined
}

export type RelyingPartyResult = { ok: true; rp: RelyingParty } | { ok: false; message: string }

const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i

/** The configured public address ('' when none is configured). */
export async function configuredPublicUrl(deps: Pick<Deps, 'db' | 'config'>): Promise<string> {
  const mail = await readSystemMail(deps)
  return mail?.linkBase || deps.config.publicUrl
}

function fromUrl(base: string): RelyingParty {
  const url = new URL(base)
  return { rpId: url.hostname, origin: url.origin }
}

export function resolveRelyingParty(configured: string, req: RequestPlace): RelyingPartyResult {
  if (configured !== '') {
    const rp = fromUrl(configured)
    if (req.origin !== undefined && req.origin !== rp.origin) {
      const message = `Passkeys work only at ${rp.origin}, the appliance's public address. Open Outpost there to use them.`
      return { ok: false, message }
    }
    return { ok: true, rp }
  }
  const url = new URL(req.url)
  const origin = `${req.https ? 'https' : 'http'}://${url.host}`
  if (req.origin !== origin) {
    return {
      ok: false,
      message: 'This request did not come from an Outpost page. Reload and try again.',
    }
  }
  if (IP_LITERAL.test(url.hostname)) {
    const message =
      'Passkeys need a host name, not an IP address. Open Outpost by its name, or set its public address (Settings › Mail, link base).'
    return { ok: false, message }
  }
  if (!req.https && url.hostname !== 'localhost') {
    return { ok: false, message: 'Passkeys need HTTPS. Open Outpost over https://.' }
  }
  return { ok: true, rp: { rpId: url.hostname, origin } }
}
