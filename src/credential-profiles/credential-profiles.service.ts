// Credential profiles: named user/password sets of a tenant that devices follow. Each device keeps
// its own sealed copy bound to its endpoint (device-access), so the poller and every session open
// device credentials exactly as before and the credential-binding rule holds unchanged. Giving a
// device a profile sends a stored secret to that device's endpoint, so only an admin may do it
// (the admin's choice is the confirmation); a rotation re-seals the copies of every following
// device for the endpoint it already has, in one transaction with one audit entry.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { CredentialProfileId } from '../db/schema-credential-profiles.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import {
  CredentialsUnboundError,
  dataKeyFor,
  openCredentials,
  sealCredentials,
  type DeviceCredentials,
  type KeyDeps,
} from '../device-access/index.ts'
import type { Actor } from '../lib/actor.ts'
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { isId, newId } from '../lib/ids.ts'
import { openSecret, sealSecret } from '../lib/secretbox.ts'
import {
  deleteProfile,
  devicesOfProfile,
  findProfile,
  findProfileByName,
  insertProfile,
  listProfiles,
  resealDevice,
  updateProfile,
  type ProfileRow,
} from './credential-profiles.repo.ts'
import type {
  CredentialProfileCreateInput,
  CredentialProfileUpdateInput,
} from './credential-profiles.schema.ts'
import type { CredentialProfileView, RotationResult } from './credential-profiles.types.ts'

export interface ProfileCtx {
  deps: Pick<Deps, 'kysely' | 'clock' | 'secrets'>
  scope: TenantScope
  actor: Actor
}

const notFound = () =>
  new NotFoundError('That credential profile does not exist.', {
    code: 'credential_profile_not_found',
  })

const bound = (tenantId: string, id: string) => ({ tenantId, rowId: id, field: 'profile_password' })

/** The tenant's profiles with their device counts, by name. */
export function listCredentialProfiles(scope: TenantScope): Promise<CredentialProfileView[]> {
  return listProfiles(scope)
}

async function getRow(scope: TenantScope, id: string): Promise<ProfileRow> {
  const row = isId(id) ? await findProfile(scope, id) : undefined
  if (!row) throw notFound()
  return row
}

/** The profile as listed, or NotFoundError (also for another tenant's profile). */
export async function getCredentialProfile(
  scope: TenantScope,
  id: string,
): Promise<CredentialProfileView> {
  const row = await getRow(scope, id)
  const view = (await listProfiles(scope)).find((p) => p.id === row.id)
  if (!view) throw notFound()
  return view
}

/**
 * A profile's name and credentials, for giving a device that profile (device form, CSV, API,
 * bulk, adoption). Unknown ids are a field error on `credential_profile_id`.
 * @example const p = await resolveProfileCredentials(deps, scope, input.credential_profile_id)
 */
export async function resolveProfileCredentials(
  deps: KeyDeps,
  scope: TenantScope,
  id: string,
): Promise<{ id: CredentialProfileId; name: string; credentials: DeviceCredentials }> {
  const row = isId(id) ? await findProfile(scope, id) : undefined
  if (!row) {
    throw new ValidationError({ credential_profile_id: 'Choose an existing credential profile.' })
  }
  const key = await dataKeyFor(deps, scope)
  const password = openSecret(key, row.password_enc, bound(scope.tenantId, row.id))
  return { id: row.id, name: row.name, credentials: { username: row.username, password } }
}

async function assertNameFree(scope: TenantScope, name: string, exceptId?: string) {
  const same = await findProfileByName(scope, name)
  if (same && same.id !== exceptId) {
    throw new ValidationError({ name: 'A credential profile with this name already exists.' })
  }
}

function audit(ctx: ProfileCtx, tx: Tx, verb: string, target: ProfileRow, details?: object) {
  return recordAudit(
    tx.global,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name },
      ip: ctx.actor.ip,
      action: `credential_profile.${verb}`,
      target: { type: 'credential_profile', id: target.id, label: target.name },
      outcome: 'success',
      ...(details ? { details: { ...details } } : {}),
    },
    ctx.deps.clock.now(),
  )
}

export async function createCredentialProfile(
  ctx: ProfileCtx,
  input: CredentialProfileCreateInput,
): Promise<CredentialProfileView> {
  await assertNameFree(ctx.scope, input.name)
  const now = ctx.deps.clock.now()
  const id = newId<CredentialProfileId>(now)
  const key = await dataKeyFor(ctx.deps, ctx.scope)
  const row = {
    id,
    name: input.name,
    username: input.username,
    password_enc: sealSecret(key, input.password, bound(ctx.scope.tenantId, id)),
    created_at: now,
    updated_at: now,
  }
  await withTransaction(ctx.deps, async (tx) => {
    await insertProfile(tx.scope(ctx.scope.tenantId), row)
    await audit(ctx, tx, 'create', { ...row, tenant_id: ctx.scope.tenantId })
  })
  return getCredentialProfile(ctx.scope, id)
}

/**
 * Renames a profile and/or rotates its credentials: every following device's copy is re-sealed
 * for the endpoint it already has. A device whose stored credentials were sealed for another
 * endpoint (they no longer open) is left untouched and reported: rotation never becomes a way to
 * send a secret somewhere it was not confirmed for.
 */
export async function updateCredentialProfile(
  ctx: ProfileCtx,
  id: string,
  input: CredentialProfileUpdateInput,
): Promise<{ profile: CredentialProfileView; rotation: RotationResult }> {
  const before = await getRow(ctx.scope, id)
  await assertNameFree(ctx.scope, input.name, before.id)
  const key = await dataKeyFor(ctx.deps, ctx.scope)
  const tenantId = ctx.scope.tenantId
  const now = ctx.deps.clock.now()
  const oldPassword = openSecret(key, before.password_enc, bound(tenantId, before.id))
  const creds = { username: input.username, password: input.password ?? oldPassword }
  const rotated = creds.username !== before.username || creds.password !== oldPassword
  const rotation: RotationResult = { resealed: 0, skipped: [] }
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    await updateProfile(scope, before.id, {
      name: input.name,
      username: creds.username,
      password_enc: sealSecret(key, creds.password, bound(tenantId, before.id)),
      updated_at: now,
    })
    if (rotated) {
      for (const row of await devicesOfProfile(scope, before.id)) {
        const opens = await openCredentials(ctx.deps, scope, row).then(
          () => true,
          (err: unknown) => {
            if (err instanceof CredentialsUnboundError) return false
            throw err
          },
        )
        if (!opens) {
          rotation.skipped.push({ id: row.id, name: row.name })
          continue
        }
        await resealDevice(scope, row.id, sealCredentials(key, tenantId, row.id, creds, row), now)
        rotation.resealed += 1
      }
    }
    await audit(ctx, tx, 'update', before, {
      name: input.name,
      renamed_from: input.name !== before.name ? before.name : null,
      username_changed: creds.username !== before.username,
      password_changed: creds.password !== oldPassword,
      devices_resealed: rotation.resealed,
      devices_skipped: rotation.skipped.map((d) => d.id).slice(0, 100),
    })
  })
  return { profile: await getCredentialProfile(ctx.scope, before.id), rotation }
}

/** Deletes an unused profile; one that devices follow is refused with their count. */
export async function deleteCredentialProfile(ctx: ProfileCtx, id: string): Promise<string> {
  const view = await getCredentialProfile(ctx.scope, id)
  if (view.deviceCount > 0) {
    throw new ConflictError(
      `${view.deviceCount} device(s) use profile ${view.name}: give them other credentials first.`,
      { code: 'credential_profile_in_use' },
    )
  }
  const row = await getRow(ctx.scope, id)
  await withTransaction(ctx.deps, async (tx) => {
    await deleteProfile(tx.scope(ctx.scope.tenantId), row.id)
    await audit(ctx, tx, 'delete', row)
  })
  return row.name
}
