// Renewal before expiry: once a day (started by startup.ts), every certificate of Outpost's CA
// that ends within 30 days is issued again through the same path as the first one. One device's
// failure is recorded on its certificate and never stops the others.
import { forTenant } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'
import { listExpiring } from './certificates.repo.ts'
import { issueDeviceCertificate, type CertificateDeps } from './certificates.service.ts'

export const RENEW_BEFORE_MS = 30 * 86_400_000
const SYSTEM = { kind: 'system' as const, id: null, name: 'certificate renewal', ip: null }

/** Renews what is due; returns how many renewals succeeded and failed. */
export async function renewExpiringCertificates(
  deps: CertificateDeps,
): Promise<{ renewed: number; failed: number }> {
  let renewed = 0
  let failed = 0
  const before = deps.clock.now() + RENEW_BEFORE_MS
  for (const t of await deps.db.selectFrom('tenants').select('id').execute()) {
    const scope = forTenant(deps.kysely, t.id as TenantId)
    for (const deviceId of await listExpiring(scope, before, 100)) {
      try {
        const r = await issueDeviceCertificate({ deps, scope, actor: SYSTEM }, deviceId)
        if (r.ok) renewed++
        else failed++
      } catch (err) {
        failed++
        deps.log.warn({ err, deviceId }, 'certificate renewal failed')
      }
    }
  }
  return { renewed, failed }
}
