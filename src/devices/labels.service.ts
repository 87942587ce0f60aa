// Sites, tags and device groups: create, rename, delete, each audited.
import { withTransaction } from '../db/with-transaction.ts'
import { NotFoundError, ValidationError } from '../http/errors.ts'
import { isId, newId } from '../lib/ids.ts'
import { auditDevice } from './device-audit.ts'
import type { DeviceCtx } from './devices.service.ts'
import type { LabelInput } from './devices.schema.ts'
import type { Label, LabelKind } from './devices.types.ts'
import { deleteLabel, findLabel, findLabelByName, insertLabel, listLabels, updateLabel } from './labels.repo.ts'

const SINGULAR: Record<LabelKind, string> = { sites: 'site', tags: 'tag', groups: 'group' }

export function labelsOf(ctx: DeviceCtx, kind: LabelKind): Promise<Label[]> {
  return listLabels(ctx.scope, kind)
}

async function assertFree(ctx: DeviceCtx, kind: LabelKind, name: string, exceptId?: string) {
  const same = await findLabelByName(ctx.scope, kind, name)
  if (same && same.id !== exceptId) {
    throw new ValidationError({ name: `A ${SINGULAR[kind]} with this name already exists.` })
  }
}

/** The label, or NotFoundError (also for another tenant's label). */
export async function getLabel(ctx: DeviceCtx, kind: LabelKind, id: string) {
  const label = isId(id) ? await findLabel(ctx.scope, kind, id) : undefined
  if (!label) throw new NotFoundError(`That ${SINGULAR[kind]} does not exist.`, { code: `${SINGULAR[kind]}_not_found` })
  return label
}

export async function createLabel(ctx: DeviceCtx, kind: LabelKind, input: LabelInput): Promise<string> {
  await assertFree(ctx, kind, input.name)
  const now = ctx.deps.clock.now()
  const id = newId(now)
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    await insertLabel(tx.scope(tenantId), kind, { id, name: input.name, description: input.description, created_at: now })
    const target = { id, label: input.name, type: SINGULAR[kind] }
    await auditDevice(tx.global, ctx.actor, tenantId, `${SINGULAR[kind]}.create`, target, now)
  })
  return id
}

export async function renameLabel(ctx: DeviceCtx, kind: LabelKind, id: string, input: LabelInput): Promise<void> {
  const label = await getLabel(ctx, kind, id)
  await assertFree(ctx, kind, input.name, label.id)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    await updateLabel(tx.scope(tenantId), kind, label.id, input)
    const target = { id: label.id, label: input.name, type: SINGULAR[kind] }
    await auditDevice(tx.global, ctx.actor, tenantId, `${SINGULAR[kind]}.update`, target, now, { from: label.name })
  })
}

export async function removeLabel(ctx: DeviceCtx, kind: LabelKind, id: string): Promise<string> {
  const label = await getLabel(ctx, kind, id)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    await deleteLabel(tx.scope(tenantId), kind, label.id)
    const target = { id: label.id, label: label.name, type: SINGULAR[kind] }
    await auditDevice(tx.global, ctx.actor, tenantId, `${SINGULAR[kind]}.delete`, target, now)
  })
  return label.name
}
