// An admin accepts the SSH host key a device now offers (after a "host key changed" event). The
// device-access layer pins it and seals the stored credentials for it; this records who did it.
import { acceptPendingHostKey } from '../device-access/index.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ForbiddenError } from '../lib/errors.ts'
import { auditDevice } from './device-audit.ts'
import type { DeviceCtx } from './devices.service.ts'
import { getDevice } from './devices.service.ts'
import type { DeviceView } from './devices.types.ts'

/** Pins `offered` (the key shown on the device page) for the device; admins only, audited. */
export async function acceptDeviceHostKey(
  ctx: DeviceCtx,
  id: string,
  offered: string,
): Promise<DeviceView> {
  if (ctx.actor.isAdmin !== true)
    throw new ForbiddenError('Only an admin can accept a new SSH host key.')
  const device = await getDevice(ctx, id)
  const tenantId = ctx.scope.tenantId
  const now = ctx.deps.clock.now()
  await withTransaction(ctx.deps, async (tx) => {
    const keys = await acceptPendingHostKey(ctx.deps, tx.scope(tenantId), device.id, offered)
    const target = { id: device.id, label: device.name }
    await auditDevice(
      tx.global,
      ctx.actor,
      tenantId,
      'device.ssh_host_key_accept',
      target,
      now,
      keys,
    )
  })
  return getDevice(ctx, device.id)
}
