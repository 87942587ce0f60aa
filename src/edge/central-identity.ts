// What an edge needs to reach this (central) Outpost (issue 20): its HTTPS URL and the SHA-256
// fingerprint of its certificate, shown with the registration token so the edge can pin it.
import { X509Certificate } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config.ts'

type IdentityConfig = Pick<Config, 'httpsPort' | 'tls' | 'dataDir' | 'publicUrl'>

function certificateFingerprint(config: IdentityConfig): string | null {
  const file = config.tls?.certFile ?? join(config.dataDir, 'tls', 'cert.pem')
  if (!existsSync(file)) return null
  try {
    return new X509Certificate(readFileSync(file)).fingerprint256
  } catch {
    return null
  }
}

/**
 * The URL (the public URL when set, else https on the host the admin used) and the fingerprint.
 * @example centralIdentity(deps.config, c.req.url)
 */
export function centralIdentity(
  config: IdentityConfig,
  requestUrl: string,
): { url: string; fingerprint: string | null } {
  const fingerprint = config.httpsPort === 0 ? null : certificateFingerprint(config)
  if (config.publicUrl.startsWith('https://')) return { url: config.publicUrl, fingerprint }
  const host = new URL(requestUrl).hostname
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  const port = config.httpsPort === 0 || config.httpsPort === 443 ? '' : `:${config.httpsPort}`
  return { url: `https://${hostPart}${port}`, fingerprint }
}
