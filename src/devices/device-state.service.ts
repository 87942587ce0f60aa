// Device use cases besides adding and editing: enable/disable, "check now", delete, and the values
// that pre-fill the edit form. Every change is audited in the same transaction.
import { appendDeviceSettings, appendEdgeOutbox } from '../db/edge-outbox.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { profileIdOfDevice } from '../credential-profiles/index.ts'
import { auditDevice } from './device-audit.ts'
import {
  assertDeletableHere,
  assertNotEdgeOwned,
  assertStillThere,
  getRow,
  viewOf,
} from './device-row.ts'
import { deleteDevice, updateDevice } from './devices.repo.ts'
import { getDevice, type DeviceCtx } from './devices.service.ts'
import type { DeviceCheckResult, DeviceView } from './devices.types.ts'

/** Enables or disables polling of a device. */
export async function setDeviceEnabled(
  ctx: DeviceCtx,
  id: string,
  enabled: boolean,
): Promise<DeviceView> {
  const row = await getRow(ctx.scope, id)
  assertNotEdgeOwned(row)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    assertStillThere(
      await updateDevice(tx.scope(tenantId), row.id, {
        is_enabled: enabled ? 1 : 0,
        updated_at: now,
      }),
    )
    await appendDeviceSettings(tx.scope(tenantId), row.id, now)
    const action = enabled ? 'device.enable' : 'device.disable'
    await auditDevice(tx.global, ctx.actor, tenantId, action, { id: row.id, label: row.name }, now)
  })
  return getDevice(ctx, row.id)
}

/** "Check now": connects with the stored settings and credentials; audited (credentials used). */
export async function checkStoredDevice(
  ctx: DeviceCtx,
  id: string,
): Promise<{ device: DeviceView; check: DeviceCheckResult }> {
  const row = await getRow(ctx.scope, id)
  const check = await ctx.deps.deviceAccess.checkStored(ctx.scope, row)
  const now = ctx.deps.clock.now()
  const details = check.ok ? { ok: true, version: check.version } : { ok: false, code: check.code }
  await withTransaction(ctx.deps, (tx) =>
    auditDevice(
      tx.global,
      ctx.actor,
      ctx.scope.tenantId,
      'device.check',
      { id: row.id, label: row.name },
      now,
      details,
    ),
  )
  return { device: await viewOf(ctx.scope, row), check }
}

/** Deletes a device and its links. */
export async function removeDevice(ctx: DeviceCtx, id: string): Promise<void> {
  const row = await getRow(ctx.scope, id)
  await assertDeletableHere(ctx.scope, row)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    // edge appliances (issue 20): the central removes its copy (read before the row goes)
    await appendEdgeOutbox(tx.scope(tenantId), 'delete', row.id, now, () => ({}))
    assertStillThere(await deleteDevice(tx.scope(tenantId), row.id))
    const details = { host: row.host }
    await auditDevice(
      tx.global,
      ctx.actor,
      tenantId,
      'device.delete',
      { id: row.id, label: row.name },
      now,
      details,
    )
  })
  // WireGuard overlay (issue 14): its peer row went with the device; take it off the interface
  await ctx.deps.overlay.peersChanged()
}

/** Form values to pre-fill the edit form (never the credentials). */
export async function deviceFormValues(
  ctx: DeviceCtx,
  id: string,
): Promise<Record<string, string | string[]>> {
  const d = await getDevice(ctx, id)
  const row = await getRow(ctx.scope, id)
  const str = (v: string | number | null) => (v === null ? '' : String(v))
  return {
    name: d.name,
    host: d.host,
    host2: str(d.host2),
    transport: d.transport,
    api_port: str(d.apiPort),
    tls_mode: d.tlsMode,
    tls_fingerprint: str(d.tlsFingerprint),
    tls_ca_pem: str(row.tls_ca_pem),
    ssh_port: str(d.sshPort),
    ssh_host_key: str(d.sshHostKey),
    site_id: d.site?.id ?? '',
    tag_ids: d.tags.map((t) => t.id),
    group_ids: d.groups.map((g) => g.id),
    notes: d.notes,
    latitude: str(d.latitude),
    longitude: str(d.longitude),
    is_enabled: d.isEnabled ? 'on' : '',
    poll_interval_s: str(d.pollIntervalS),
    credential_profile_id: (await profileIdOfDevice(ctx.scope, id)) ?? '',
  }
}
