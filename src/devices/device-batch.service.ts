// Adding many devices at once (the JSON API): all validated first, then one transaction, one
// audit entry per device. No live check here: the poller checks them within one interval.
import type { DeviceId } from '../db/schema-devices.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { auditDevice } from './device-audit.ts'
import {
  chooseDeviceProfile,
  setDeviceProfile,
  type ProfileChoice,
} from '../credential-profiles/index.ts'
import { dataKeyFor, sealCredentials } from '../device-access/index.ts'
import { endpointOf, settingsColumns } from './device-input.ts'
import { assertLabelsExist } from './device-labels-check.ts'
import { addLinks, findDeviceRowsByName } from './devices.repo.ts'
import type { DeviceCreateInput } from './devices.schema.ts'
import { getDevice, rethrowUnique, type DeviceCtx } from './devices.service.ts'
import type { DeviceView } from './devices.types.ts'

async function assertBatchValid(ctx: DeviceCtx, inputs: DeviceCreateInput[]): Promise<void> {
  const fields: Record<string, string> = {}
  const seen = new Map<string, number>()
  inputs.forEach((d, i) => {
    const key = d.name.toLowerCase()
    const first = seen.get(key)
    if (first !== undefined) fields[`${i}.name`] = `Same name as item ${first}.`
    seen.set(key, i)
  })
  const names = inputs.map((d) => d.name)
  for (let i = 0; i < names.length; i += 500) {
    for (const taken of await findDeviceRowsByName(ctx.scope, names.slice(i, i + 500))) {
      const index = seen.get(taken.name.toLowerCase())
      fields[`${index}.name`] = 'A device with this name already exists.'
    }
  }
  for (const [i, d] of inputs.entries()) {
    await assertLabelsExist(ctx.scope, d).catch((err: unknown) => {
      if (!(err instanceof ValidationError)) throw err
      for (const [k, m] of Object.entries(err.fields)) fields[`${i}.${k}`] = m
    })
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields)
}

/** The credentials of item i: typed, or its credential profile's (admins only). */
function profileOf(ctx: DeviceCtx, d: DeviceCreateInput, i: number): Promise<ProfileChoice> {
  const typed = { username: d.username || null, password: d.password || null }
  return chooseDeviceProfile(
    ctx.deps,
    ctx.scope,
    ctx.actor,
    null,
    d.credential_profile_id,
    typed,
  ).catch((err: unknown) => {
    if (!(err instanceof ValidationError)) throw err
    const fields = Object.entries(err.fields).map(([k, m]) => [`${i}.${k}`, m])
    throw new ValidationError(Object.fromEntries(fields))
  })
}

/** Adds every device or none. */
export async function addDevices(
  ctx: DeviceCtx,
  inputs: DeviceCreateInput[],
): Promise<DeviceView[]> {
  await assertBatchValid(ctx, inputs)
  const profiles = await Promise.all(inputs.map((d, i) => profileOf(ctx, d, i)))
  const key = await dataKeyFor(ctx.deps, ctx.scope)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  const ids = inputs.map(() => newId<DeviceId>(now))
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    for (const [i, d] of inputs.entries()) {
      const id = ids[i] as DeviceId
      const p = profiles[i] as ProfileChoice
      const creds = { username: p.given.username ?? '', password: p.given.password ?? '' }
      const row = {
        id,
        ...settingsColumns(d),
        ...sealCredentials(key, tenantId, id, creds, endpointOf(d)),
        created_at: now,
        updated_at: now,
      }
      await scope.insertInto('devices', row).execute()
      await addLinks(scope, 'device_tags', [id], d.tag_ids)
      await addLinks(scope, 'device_group_members', [id], d.group_ids)
      await setDeviceProfile(scope, [id], p.profileId)
      await auditDevice(
        tx.global,
        ctx.actor,
        tenantId,
        'device.create',
        { id, label: d.name },
        now,
        { host: d.host, via: 'api' },
      )
    }
  }).catch(rethrowUnique)
  return Promise.all(ids.map((id) => getDevice(ctx, id)))
}
