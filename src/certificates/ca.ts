// The appliance's internal certificate authority: one ECDSA CA, created on first use, its private
// key sealed at rest under a key derived from the master key (never stored or logged in clear).
// Every device certificate chains to it; devices in "verify" mode carry its PEM as their CA.
import { hkdfSync } from 'node:crypto'
import type { GlobalDb } from '../db/global-db.ts'
import { newId } from '../lib/ids.ts'
import { openSecret, sealSecret } from '../lib/secretbox.ts'
import { issueCertificate } from '../lib/x509.ts'

export interface CaDeps {
  readonly db: GlobalDb
  readonly secrets: { readonly masterKey: Buffer }
  readonly clock: { now(): number }
}

export interface ApplianceCa {
  id: string
  certPem: string
  keyPem: string
  notAfter: number
}

const CA_DAYS = 3650
const caKey = (masterKey: Buffer) =>
  new Uint8Array(hkdfSync('sha256', masterKey, 'outpost', 'appliance ca key', 32))
const context = (id: string) => ({ tenantId: 'appliance', rowId: id, field: 'ca_key' })

/**
 * The CA, created (and stored) on first use. Concurrent first uses keep the first row written.
 * @example const ca = await applianceCa(deps)
 */
export async function applianceCa(deps: CaDeps): Promise<ApplianceCa> {
  const existing = await deps.db
    .selectFrom('appliance_ca')
    .selectAll()
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst()
  if (existing) {
    return {
      id: existing.id,
      certPem: existing.cert_pem,
      keyPem: openSecret(caKey(deps.secrets.masterKey), existing.key_enc, context(existing.id)),
      notAfter: existing.not_after,
    }
  }
  const now = deps.clock.now()
  const id = newId(now)
  const issued = issueCertificate({
    commonName: `Outpost appliance CA ${id.slice(-6)}`,
    names: [],
    days: CA_DAYS,
    now,
  })
  await deps.db
    .insertInto('appliance_ca')
    .values({
      id,
      cert_pem: issued.certPem,
      key_enc: sealSecret(caKey(deps.secrets.masterKey), issued.keyPem, context(id)),
      not_after: issued.notAfter,
      created_at: now,
    })
    .execute()
  return applianceCa(deps)
}
