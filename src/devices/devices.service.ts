// Device use cases: list, show, add (with a live check) and edit (enable/disable, check now and
// delete are in device-state.service.ts). Every change is audited in the same transaction;
// credentials are sealed before they reach the database.
import type { Deps } from '../deps.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { appendDeviceSettings } from '../db/edge-outbox.ts'
import { ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { dataKeyFor, rebindCredentials, sealCredentials } from '../device-access/index.ts'
import { auditDevice } from './device-audit.ts'
import { changedFields, endpointOf, settingsColumns } from './device-input.ts'
import { assertLabelsExist } from './device-labels-check.ts'
import { assertNotEdgeOwned, assertStillThere, getRow, viewOf } from './device-row.ts'
import { deviceFilterOptions, hasDevices, listDevicePage } from './device-list.repo.ts'
import { addLinks, findDeviceRowsByName, removeLinks, updateDevice } from './devices.repo.ts'
import type { DeviceCreateInput, DeviceListQuery, DeviceUpdateInput } from './devices.schema.ts'
import type { Actor } from '../lib/actor.ts'
import type { DeviceCheckResult, DeviceView } from './devices.types.ts'
import {
  chooseDeviceProfile,
  profileIdOfDevice,
  setDeviceProfile,
} from '../credential-profiles/index.ts'

export type DevicesDeps = Pick<Deps, 'kysely' | 'clock' | 'secrets' | 'deviceAccess' | 'overlay'>

/** Who acts, in which tenant: built by the routes from the session. */
export interface DeviceCtx {
  deps: DevicesDeps
  scope: TenantScope
  actor: Actor
}

export type SaveResult =
  | { ok: true; device: DeviceView; check?: DeviceCheckResult }
  | { ok: false; check: DeviceCheckResult }

export interface SaveOptions {
  /** connect to the device first and refuse to save when that fails */
  check: boolean
  /** save even when the check failed */
  saveAnyway: boolean
  /** an admin's explicit "send the stored credentials to the new endpoint" (device-access binding) */
  sendStoredCredentials?: boolean
}

const CONNECTION_FIELDS = new Set([
  'host',
  'host2',
  'api_port',
  'transport',
  'tls_mode',
  'tls_fingerprint',
  'tls_ca_pem',
])
const NAME_TAKEN = { name: 'A device with this name already exists.' }

export async function listDevices(ctx: DeviceCtx, query: DeviceListQuery) {
  const [page, options] = await Promise.all([
    listDevicePage(ctx.scope, query),
    deviceFilterOptions(ctx.scope),
  ])
  const fleetEmpty = page.total === 0 && !(await hasDevices(ctx.scope))
  return { page, options, fleetEmpty }
}

/** Sites, tags, groups and versions for the form and filter dropdowns. */
export function deviceOptions(ctx: DeviceCtx) {
  return deviceFilterOptions(ctx.scope)
}

/** The device (no secrets), or NotFoundError for unknown ids and other tenants' devices. */
export async function getDevice(ctx: DeviceCtx, id: string): Promise<DeviceView> {
  return viewOf(ctx.scope, await getRow(ctx.scope, id))
}

async function assertNameFree(scope: TenantScope, name: string, exceptId?: string): Promise<void> {
  const [same] = await findDeviceRowsByName(scope, [name])
  if (same && same.id !== exceptId) throw new ValidationError(NAME_TAKEN)
}

/** What a successful check learnt; the router answered, so it was also seen at `now`. */
function factsOf(check: DeviceCheckResult | undefined, now: number) {
  if (!check?.ok) return {}
  return {
    identity: check.identity,
    board: check.board,
    version: check.version,
    serial: check.serial,
    last_seen_at: now,
  }
}

/** Adds one device; with `check`, connects first and reports precisely what is wrong. */
export async function addDevice(
  ctx: DeviceCtx,
  input: DeviceCreateInput,
  opts: SaveOptions,
): Promise<SaveResult> {
  await assertLabelsExist(ctx.scope, input)
  await assertNameFree(ctx.scope, input.name)
  const typed = { username: input.username || null, password: input.password || null }
  const profile = await chooseDeviceProfile(
    ctx.deps,
    ctx.scope,
    ctx.actor,
    null,
    input.credential_profile_id,
    typed,
  )
  const creds = { username: profile.given.username ?? '', password: profile.given.password ?? '' }
  const check = opts.check
    ? await ctx.deps.deviceAccess.check(ctx.scope, null, endpointOf(input), creds)
    : undefined
  if (check && !check.ok && !opts.saveAnyway) return { ok: false, check }
  const key = await dataKeyFor(ctx.deps, ctx.scope)
  const now = ctx.deps.clock.now()
  const id = newId<DeviceId>(now)
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    const sealed = sealCredentials(key, tenantId, id, creds, endpointOf(input))
    const row = {
      id,
      ...settingsColumns(input),
      ...sealed,
      ...factsOf(check, now),
      created_at: now,
      updated_at: now,
    }
    await scope.insertInto('devices', row).execute()
    await addLinks(scope, 'device_tags', [id], input.tag_ids)
    await addLinks(scope, 'device_group_members', [id], input.group_ids)
    await setDeviceProfile(scope, [id], profile.profileId)
    // edge appliances (issue 20): the settings, for the central Outpost
    await appendDeviceSettings(scope, id, now)
    const details = {
      host: input.host,
      checked: check?.ok ?? null,
      ...(profile.assigned ? { credential_profile: profile.assigned.name } : {}),
    }
    await auditDevice(
      tx.global,
      ctx.actor,
      tenantId,
      'device.create',
      { id, label: input.name },
      now,
      details,
    )
  }).catch(rethrowUnique)
  return { ok: true, device: await getDevice(ctx, id), ...(check ? { check } : {}) }
}

export function rethrowUnique(err: unknown): never {
  if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
    throw new ValidationError(NAME_TAKEN)
  throw err
}

/**
 * Edits a device; blank credentials keep the stored ones, but only while the endpoint stays the
 * same (device-access binding: otherwise re-entry or an admin's audited confirmation). With
 * `check`, connects first.
 */
export async function updateDeviceSettings(
  ctx: DeviceCtx,
  id: string,
  input: DeviceUpdateInput,
  opts: SaveOptions,
): Promise<SaveResult> {
  const before = await getRow(ctx.scope, id)
  assertNotEdgeOwned(before)
  await assertLabelsExist(ctx.scope, input)
  await assertNameFree(ctx.scope, input.name, before.id)
  const settings = settingsColumns(input)
  const changed = changedFields(before, settings)
  // a profile newly chosen counts as entered credentials (only admins may choose one)
  const profile = await chooseDeviceProfile(
    ctx.deps,
    ctx.scope,
    ctx.actor,
    await profileIdOfDevice(ctx.scope, before.id),
    input.credential_profile_id,
    { username: input.username, password: input.password },
  )
  const given = profile.given
  const loginGiven = given.username !== null || given.password !== null
  // before anything is decrypted or sent: may the stored credentials go to the new endpoint?
  const confirm = {
    sendStoredCredentials: opts.sendStoredCredentials === true,
    isAdmin: ctx.actor.isAdmin === true,
  }
  const rebound = await rebindCredentials(
    ctx.deps,
    ctx.scope,
    before,
    endpointOf(input),
    given,
    confirm,
  )
  let check: DeviceCheckResult | undefined
  // Renaming or re-tagging an offline device must not require it to answer: check only when
  // something that affects the connection changed.
  if (opts.check && (loginGiven || changed.some((f) => CONNECTION_FIELDS.has(f)))) {
    check = await ctx.deps.deviceAccess.check(
      ctx.scope,
      before.id,
      endpointOf(input),
      await rebound.open(),
    )
    if (!check.ok && !opts.saveAnyway) return { ok: false, check }
  }
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  const patch = { ...settings, ...factsOf(check, now), ...rebound.sealed, updated_at: now }
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    assertStillThere(await updateDevice(scope, before.id, patch))
    await removeLinks(scope, 'device_tags', [before.id], null)
    await removeLinks(scope, 'device_group_members', [before.id], null)
    await addLinks(scope, 'device_tags', [before.id], input.tag_ids)
    await addLinks(scope, 'device_group_members', [before.id], input.group_ids)
    await setDeviceProfile(scope, [before.id], profile.profileId)
    await appendDeviceSettings(scope, before.id, now)
    const details = {
      changed,
      login_replaced: loginGiven,
      ...(profile.assigned ? { credential_profile: profile.assigned.name } : {}),
    }
    const target = { id: before.id, label: input.name }
    await auditDevice(tx.global, ctx.actor, tenantId, 'device.update', target, now, details)
    if (rebound.mode === 'forwarded') {
      const endpoint = {
        changed: rebound.changed,
        host: input.host,
        api_port: patch.api_port,
        transport: input.transport,
        tls_mode: input.tls_mode,
      }
      await auditDevice(
        tx.global,
        ctx.actor,
        tenantId,
        'device.credentials_forward',
        target,
        now,
        endpoint,
      )
    }
  }).catch(rethrowUnique)
  return { ok: true, device: await getDevice(ctx, before.id), ...(check ? { check } : {}) }
}
