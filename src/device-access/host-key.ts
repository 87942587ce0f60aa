// An admin accepts the SSH host key a device offered after its pinned key changed (a replaced or
// reinstalled router). The stored credentials are sealed again for the new key: accepting is the
// explicit confirmation that they may go to the host holding it. The caller audits it.
import type { TenantScope } from '../db/tenant-scope.ts'
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { CredentialsUnboundError } from './access-errors.ts'
import { dataKeyFor, openCredentials, sealCredentials, type KeyDeps } from './credentials.ts'
import { findAccessRow, pinHostKey } from './device-access.repo.ts'

/**
 * Pins the pending key in place of the old one; returns both for the audit entry.
 * @example const { previous, accepted } = await acceptPendingHostKey(deps, scope, deviceId, offered)
 */
export async function acceptPendingHostKey(
  deps: KeyDeps,
  scope: TenantScope,
  deviceId: string,
  /** the key the admin saw on the page: a newer offer in between must be looked at again */
  seen: string,
): Promise<{ previous: string | null; accepted: string }> {
  const read = await findAccessRow(scope, deviceId)
  if (!read) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const pending = read.ssh_host_key_pending
  if (pending === null || pending !== seen) {
    throw new ConflictError('The device offered no such host key (reload the page).', {
      code: 'host_key_not_pending',
    })
  }
  const creds = await openCredentials(deps, scope, read, 'host-key').catch((err: unknown) => {
    if (!(err instanceof CredentialsUnboundError)) throw err
    throw new ValidationError({
      _form:
        'The stored credentials do not match the device settings: edit the device and enter them again first.',
    })
  })
  const row = (await findAccessRow(scope, deviceId)) ?? read
  const key = await dataKeyFor(deps, scope)
  const sealed = sealCredentials(key, scope.tenantId, row.id, creds, {
    ...row,
    ssh_host_key: pending,
  })
  if (!(await pinHostKey(scope, row.id, row, pending, sealed))) {
    throw new ConflictError('The device changed meanwhile (reload the page).', {
      code: 'device_changed',
    })
  }
  return { previous: row.ssh_host_key, accepted: pending }
}
