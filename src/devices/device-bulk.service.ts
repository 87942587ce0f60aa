// Bulk edit: one change set applied to many devices in one transaction and one audit entry. The
// devices are the ticked ones, or every device matching the table's filter ("all N matching"),
// re-counted here so a fleet that changed since the page was shown is refused, not guessed at.
import type { DeviceId } from '../db/schema-devices.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { appendDeviceSettings } from '../db/edge-outbox.ts'
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { auditDevice } from './device-audit.ts'
import { assertLabelsExist } from './device-labels-check.ts'
import {
  addLinks,
  existingDeviceIds,
  lockExistingDevices,
  removeLinks,
  updateDevices,
  type DevicePatch,
} from './devices.repo.ts'
import { deviceListQuerySchema, type DeviceBulkInput } from './devices.schema.ts'
import { listMatchingDeviceIds } from './device-list.repo.ts'
import { applyBulkCredentials, bulkCredentialsOf } from './device-bulk-credentials.ts'
import type { DeviceCtx } from './devices.service.ts'
import type { BulkResult } from './devices.types.ts'

function patchOf(input: DeviceBulkInput, now: number): DevicePatch | null {
  const patch: DevicePatch = {}
  if (input.site !== null) patch.site_id = input.site === 'none' ? null : (input.site as never)
  if (input.enabled !== null) patch.is_enabled = input.enabled === 'enable' ? 1 : 0
  if (input.poll_interval_s !== null) patch.poll_interval_s = input.poll_interval_s
  return Object.keys(patch).length > 0 ? { ...patch, updated_at: now } : null
}

const hasLinkChanges = (i: DeviceBulkInput) =>
  [i.add_tag_ids, i.remove_tag_ids, i.add_group_ids, i.remove_group_ids].some((l) => l.length > 0)

const MAX_BULK = 10_000

/** The devices a bulk edit applies to: the ticked ones, or all matching the filter. */
async function targetIds(ctx: DeviceCtx, input: DeviceBulkInput): Promise<string[]> {
  if (input.match === null) return [...new Set(input.device_ids)]
  const search = new URLSearchParams(input.match.replace(/^[^?]*\?/, ''))
  const query = deviceListQuerySchema.parse(Object.fromEntries(search))
  const ids = await listMatchingDeviceIds(ctx.scope, query, MAX_BULK + 1)
  if (ids.length > MAX_BULK) {
    throw new ValidationError({ _form: `The filter matches more than ${MAX_BULK} devices.` })
  }
  if (ids.length === 0) throw new ValidationError({ _form: 'No devices match this filter.' })
  if (input.match_count !== null && ids.length !== input.match_count) {
    throw new ValidationError({
      _form: `The filter now matches ${ids.length} devices, not ${input.match_count}: check the list and apply again.`,
    })
  }
  return ids
}

/** Applies the change set to every selected device, or to none. */
/** Devices an edge appliance forwards (issue 20) are edited there, as in a single edit. */
async function assertNoneEdgeOwned(ctx: DeviceCtx, ids: readonly string[]): Promise<void> {
  let owned = 0
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.scope
      .selectFrom('devices')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500) as DeviceId[])
      .where('edge_id', 'is not', null)
      .execute()
    owned += rows.length
  }
  if (owned > 0)
    throw new ConflictError(
      `${owned} of the selected devices are managed by an edge appliance; change their settings on the edge, which forwards them here.`,
      { code: 'device_edge_owned' },
    )
}

export async function bulkEditDevices(ctx: DeviceCtx, input: DeviceBulkInput): Promise<BulkResult> {
  const now = ctx.deps.clock.now()
  const patch = patchOf(input, now)
  const credentials = await bulkCredentialsOf(ctx, input)
  if (patch === null && !hasLinkChanges(input) && credentials === null) {
    throw new ValidationError({ _form: 'Choose at least one change to apply.' })
  }
  const ids = await targetIds(ctx, input)
  const found = await existingDeviceIds(ctx.scope, ids)
  if (found.length !== ids.length) {
    throw new NotFoundError('Some selected devices do not exist.', { code: 'device_not_found' })
  }
  await assertNoneEdgeOwned(ctx, ids)
  const site = input.site !== null && input.site !== 'none' ? input.site : null
  await assertLabelsExist(ctx.scope, {
    site_id: site,
    tag_ids: [...input.add_tag_ids, ...input.remove_tag_ids],
    group_ids: [...input.add_group_ids, ...input.remove_group_ids],
  })
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    // again inside the transaction, locked: a device deleted since the check, or being deleted
    // right now, would fail a link's foreign key
    if ((await lockExistingDevices(scope, ids)) !== ids.length) {
      throw new NotFoundError('Some selected devices do not exist.', { code: 'device_not_found' })
    }
    if (patch !== null) {
      for (let i = 0; i < ids.length; i += 500)
        await updateDevices(scope, ids.slice(i, i + 500), patch)
    }
    await addLinks(scope, 'device_tags', ids, input.add_tag_ids)
    await addLinks(scope, 'device_group_members', ids, input.add_group_ids)
    if (input.remove_tag_ids.length > 0)
      await removeLinks(scope, 'device_tags', ids, input.remove_tag_ids)
    if (input.remove_group_ids.length > 0)
      await removeLinks(scope, 'device_group_members', ids, input.remove_group_ids)
    if (credentials !== null) await applyBulkCredentials(ctx, scope, ids, credentials, now)
    // edge appliances (issue 20): the settings, for the central Outpost
    for (const id of ids) await appendDeviceSettings(scope, id, now)
    const details = {
      count: ids.length,
      device_ids: ids.slice(0, 100),
      changes: {
        ...(patch ?? {}),
        add_tag_ids: input.add_tag_ids,
        remove_tag_ids: input.remove_tag_ids,
        add_group_ids: input.add_group_ids,
        remove_group_ids: input.remove_group_ids,
        ...(credentials !== null ? { credential_change: credentials.label } : {}),
      },
      ...(input.match !== null ? { filter: input.match } : {}),
    }
    await auditDevice(
      tx.global,
      ctx.actor,
      tenantId,
      'device.bulk_update',
      { id: null, label: `${ids.length} devices` },
      now,
      details,
    )
  })
  return { updated: ids.length }
}
