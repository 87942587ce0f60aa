// Device certificates for API-SSL: Outpost's CA issues a certificate for a device, uploads it with
// its key over SFTP (device access: pinned host key, session limits), and a change set of the
// config-change pipeline imports it and gives it to `/ip service api-ssl` (history, lock, audit).
// Only when a fresh connection verifies the device against the CA does the device switch to
// "verify against Outpost's CA": a failed step leaves its settings untouched.
import { recordAudit } from '../audit/index.ts'
import { startChange, type ChangeDeps } from '../changes/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { openCredentials, rebindCredentials } from '../device-access/index.ts'
import { NotFoundError } from '../lib/errors.ts'
import { applianceCa } from './ca.ts'
import {
  findDevice,
  findDeviceCertificate,
  noteRenewalError,
  saveDeviceCertificate,
  switchDeviceTls,
  type CertificateRow,
} from './certificates.repo.ts'
import type { DeviceCertificateView, IssueOutcome } from './certificates.types.ts'
import { issueCertificate } from '../lib/x509.ts'

export type CertificateDeps = ChangeDeps &
  Pick<Deps, 'db' | 'kysely' | 'secrets' | 'clock' | 'deviceAccess'>

export interface CertificateActor {
  kind: 'user' | 'api_key' | 'system'
  id: string | null
  name: string
  ip: string | null
}

export interface CertificateCtx {
  deps: CertificateDeps
  scope: TenantScope
  actor: CertificateActor
}

const DEVICE_CERT_DAYS = 365
const DEFAULT_API_SSL_PORT = 8729

export function certificateView(r: CertificateRow): DeviceCertificateView {
  return {
    serial: r.serial,
    commonName: r.common_name,
    fingerprint: r.fingerprint,
    notBefore: r.not_before,
    notAfter: r.not_after,
    issuedAt: r.issued_at,
    changeSetId: r.change_set_id,
    lastError: r.last_error,
  }
}

/** The device's current certificate from Outpost's CA, or null. */
export async function deviceCertificate(
  scope: TenantScope,
  deviceId: string,
): Promise<DeviceCertificateView | null> {
  const r = await findDeviceCertificate(scope, deviceId)
  return r ? certificateView(r) : null
}

async function audit(
  ctx: CertificateCtx,
  device: { id: string; name: string },
  ok: boolean,
  details: object,
) {
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name },
      ip: ctx.actor.ip,
      action: 'device.certificate_issue',
      target: { type: 'device', id: device.id, label: device.name },
      outcome: ok ? 'success' : 'failure',
      details: { ...details },
    },
    ctx.deps.clock.now(),
  )
}

/** RouterOS names: letters, digits and dashes only, so the script needs no quoting. */
const routerOsName = (serial: string) => `outpost-api-${serial.slice(0, 12)}`

/**
 * Issues, installs and verifies a certificate for the device; on success the device is switched
 * to API-SSL verified against the CA. Returns what happened in plain words (never throws for a
 * device-side failure).
 */
export async function issueDeviceCertificate(
  ctx: CertificateCtx,
  deviceId: string,
): Promise<IssueOutcome> {
  const row = await findDevice(ctx.scope, deviceId)
  if (!row) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const deps = ctx.deps
  const ca = await applianceCa(deps)
  const names = [row.host, ...(row.host2 ? [row.host2] : [])]
  const now = deps.clock.now()
  const cert = issueCertificate({
    commonName: row.name,
    names,
    days: DEVICE_CERT_DAYS,
    now,
    issuer: ca,
  })
  const name = routerOsName(cert.serial)
  const file = `${name}.pem`
  const fail = async (message: string, changeId: string | null): Promise<IssueOutcome> => {
    await noteRenewalError(ctx.scope, row.id, message)
    await audit(ctx, row, false, { serial: cert.serial, change_id: changeId, message })
    return { ok: false, message, changeId }
  }
  try {
    // the key travels only inside the SSH session and is removed from the device's files below
    await deps.deviceAccess.sshExec(ctx.scope, row.id, '/system identity print', {
      putFile: { path: file, data: Buffer.from(cert.certPem + cert.keyPem) },
      timeoutMs: 30_000,
    })
  } catch (err) {
    return fail(`Uploading the certificate over SFTP failed: ${(err as Error).message}`, null)
  }
  const lines = [
    `/certificate import file-name=${file} passphrase="" name=${name}`,
    `/ip service set api-ssl certificate=${name}`,
    `/file remove ${file}`,
  ]
  const { change, done } = await startChange(
    { deps, scope: ctx.scope },
    row.id,
    { operations: [{ op: 'script', lines }], mode: 'standard', confirm: 'auto' },
    ctx.actor,
    { source: 'certificate' },
  )
  const rec = await done
  if (rec.state !== 'kept') return fail(`The change failed: ${rec.message ?? rec.state}`, change.id)
  // read again: the SSH upload may have pinned the host key (and re-sealed the credentials for it)
  const current = await findDevice(ctx.scope, row.id)
  if (!current) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const endpoint = {
    ...current,
    transport: 'api-ssl' as const,
    api_port: current.transport === 'api-ssl' ? current.api_port : DEFAULT_API_SSL_PORT,
    tls_mode: 'verify' as const,
    tls_ca_pem: ca.certPem,
    tls_fingerprint: null,
  }
  const check = await deps.deviceAccess.check(
    ctx.scope,
    row.id,
    endpoint,
    await openCredentials(deps, ctx.scope, current),
  )
  if (!check.ok) {
    return fail(`The device does not present the new certificate: ${check.message}`, change.id)
  }
  // the admin who asked for the certificate confirms sending the stored credentials over the
  // now verified API-SSL connection of the same device (a stronger transport, never a weaker one)
  const rebound = await rebindCredentials(
    deps,
    ctx.scope,
    current,
    endpoint,
    { username: null, password: null },
    {
      sendStoredCredentials: true,
      isAdmin: true,
    },
  )
  const tenantId = ctx.scope.tenantId
  await withTransaction(deps, async (tx) => {
    const scope = tx.scope(tenantId)
    await switchDeviceTls(scope, row.id, {
      transport: 'api-ssl',
      api_port: endpoint.api_port,
      tls_mode: 'verify',
      tls_ca_pem: ca.certPem,
      tls_fingerprint: null,
      updated_at: deps.clock.now(),
      ...rebound.sealed,
    })
    await saveDeviceCertificate(scope, {
      device_id: row.id,
      serial: cert.serial,
      common_name: row.name,
      fingerprint: cert.fingerprint,
      cert_pem: cert.certPem,
      not_before: cert.notBefore,
      not_after: cert.notAfter,
      issued_at: now,
      change_set_id: change.id,
      last_error: null,
    })
  })
  await audit(ctx, row, true, {
    serial: cert.serial,
    fingerprint: cert.fingerprint,
    not_after: cert.notAfter,
    change_id: change.id,
    endpoint_changed: rebound.changed,
  })
  const saved = await findDeviceCertificate(ctx.scope, row.id)
  return { ok: true, certificate: certificateView(saved as CertificateRow), changeId: change.id }
}
