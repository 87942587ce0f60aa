// The appliance's self-signed ECDSA P-256 HTTPS certificate (the X.509 building is src/lib/x509.ts,
// shared with the internal CA).
import { issueCertificate } from '../lib/x509.ts'

export interface SelfSignedPair {
  certPem: string
  keyPem: string
}

/**
 * @example const { certPem, keyPem } = createSelfSigned(['outpost.lan', '192.168.88.5'], 825)
 */
export function createSelfSigned(
  names: readonly string[],
  days: number,
  now = new Date(),
): SelfSignedPair {
  const { certPem, keyPem } = issueCertificate({
    commonName: names[0] ?? 'outpost',
    names,
    days,
    now: now.getTime(),
    kind: 'server',
  })
  return { certPem, keyPem }
}
