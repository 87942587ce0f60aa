// Sites, tags and device groups: list, create, rename, delete, each change audited in the same
// transaction. Devices reference labels by id; this domain knows nothing of devices' use cases.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { isId, newId } from '../lib/ids.ts'
import type { LabelInput } from './labels.schema.ts'
import type { Actor } from '../lib/actor.ts'
import type { Label, LabelKind } from './labels.types.ts'
import {
  deleteLabel,
  findLabel,
  findLabelByName,
  insertLabel,
  listLabels,
  updateLabel,
} from './labels.repo.ts'

/** Who acts, in which tenant (a devices DeviceCtx fits too). */
export interface LabelCtx {
  deps: Pick<Deps, 'kysely' | 'clock'>
  scope: TenantScope
  actor: Actor
}

const SINGULAR: Record<LabelKind, string> = { sites: 'site', tags: 'tag', groups: 'group' }

function audit(
  ctx: LabelCtx,
  tx: Tx,
  kind: LabelKind,
  verb: string,
  target: { id: string; label: string },
  now: number,
  details?: Record<string, unknown>,
) {
  const { actor } = ctx
  return recordAudit(
    tx.global,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action: `${SINGULAR[kind]}.${verb}`,
      target: { type: SINGULAR[kind], id: target.id, label: target.label },
      outcome: 'success',
      ...(details ? { details } : {}),
    },
    now,
  )
}

export function labelsOf(ctx: LabelCtx, kind: LabelKind): Promise<Label[]> {
  return listLabels(ctx.scope, kind)
}

async function assertFree(ctx: LabelCtx, kind: LabelKind, name: string, exceptId?: string) {
  const same = await findLabelByName(ctx.scope, kind, name)
  if (same && same.id !== exceptId) {
    throw new ValidationError({ name: `A ${SINGULAR[kind]} with this name already exists.` })
  }
}

/** The label, or NotFoundError (also for another tenant's label). */
export async function getLabel(ctx: LabelCtx, kind: LabelKind, id: string) {
  const label = isId(id) ? await findLabel(ctx.scope, kind, id) : undefined
  if (!label)
    throw new NotFoundError(`That ${SINGULAR[kind]} does not exist.`, {
      code: `${SINGULAR[kind]}_not_found`,
    })
  return label
}

/** The label with its device count, as listed (for the JSON API). */
export async function labelView(ctx: LabelCtx, kind: LabelKind, id: string): Promise<Label> {
  const label = await getLabel(ctx, kind, id)
  const found = (await listLabels(ctx.scope, kind)).find((l) => l.id === label.id)
  if (!found)
    throw new NotFoundError(`That ${SINGULAR[kind]} does not exist.`, {
      code: `${SINGULAR[kind]}_not_found`,
    })
  return found
}

export async function createLabel(
  ctx: LabelCtx,
  kind: LabelKind,
  input: LabelInput,
): Promise<string> {
  await assertFree(ctx, kind, input.name)
  const now = ctx.deps.clock.now()
  const id = newId(now)
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    await insertLabel(tx.scope(tenantId), kind, {
      id,
      name: input.name,
      description: input.description,
      created_at: now,
    })
    await audit(ctx, tx, kind, 'create', { id, label: input.name }, now)
  })
  return id
}

export async function renameLabel(
  ctx: LabelCtx,
  kind: LabelKind,
  id: string,
  input: LabelInput,
): Promise<void> {
  const label = await getLabel(ctx, kind, id)
  await assertFree(ctx, kind, input.name, label.id)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    await updateLabel(tx.scope(tenantId), kind, label.id, input)
    await audit(ctx, tx, kind, 'update', { id: label.id, label: input.name }, now, {
      from: label.name,
    })
  })
}

export async function removeLabel(ctx: LabelCtx, kind: LabelKind, id: string): Promise<string> {
  const label = await getLabel(ctx, kind, id)
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  await withTransaction(ctx.deps, async (tx) => {
    await deleteLabel(tx.scope(tenantId), kind, label.id)
    await audit(ctx, tx, kind, 'delete', { id: label.id, label: label.name }, now)
  })
  return label.name
}
