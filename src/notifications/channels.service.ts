// Use cases of notification channels (admins only, enforced by the routes): list, create, edit,
// delete, send a test, and the per-channel delivery log. Secrets are sealed before they are stored
// and never returned. The first channel of a tenant becomes its default route; deleting the
// default hands the role to the oldest remaining channel, so alerts keep reaching somebody.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { isId, newId } from '../lib/ids.ts'
import { openSettings, parseSettings, sealSettings } from './channel-settings.ts'
import type { ChannelInput, ChannelPatch } from './channels.schema.ts'
import * as repo from './channels.repo.ts'
import type { ChannelDeliveryView, ChannelView, TestSendResult } from './channels.types.ts'
import { channelView, deliveryView } from './channel-views.ts'
import { sendOnce } from './delivery.ts'

export interface ChannelsCtx {
  deps: Pick<Deps, 'kysely' | 'clock' | 'secrets' | 'log'> & {
    config: { notify: { timeoutMs: number } }
  }
  scope: TenantScope
  actor: { kind: 'user' | 'api_key'; id: string; name: string; ip: string | null }
}

function audit(
  ctx: ChannelsCtx,
  tx: Tx,
  action: string,
  target: { id: string; label: string },
  now: number,
) {
  const { actor } = ctx
  return recordAudit(
    tx.global,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action,
      target: { type: 'alert_channel', ...target },
      outcome: 'success',
    },
    now,
  )
}

async function getRow(ctx: ChannelsCtx, id: string): Promise<repo.ChannelRow> {
  const row = isId(id) ? await repo.findChannel(ctx.scope, id) : undefined
  if (row === undefined)
    throw new NotFoundError('That channel does not exist.', { code: 'channel_not_found' })
  return row
}

async function checkScope(
  scope: TenantScope,
  kind: string,
  id: string | null | undefined,
): Promise<string | null> {
  if (kind === 'tenant') return null
  const table = kind === 'site' ? 'sites' : kind === 'tag' ? 'tags' : 'devices'
  const found =
    id && isId(id)
      ? await scope
          .selectFrom(table)
          .select('id')
          .where('id', '=', id as never)
          .executeTakeFirst()
      : undefined
  if (found === undefined) throw new ValidationError({ scopeId: `That ${kind} does not exist.` })
  return id ?? null
}

export async function listChannelViews(ctx: ChannelsCtx): Promise<ChannelView[]> {
  return Promise.all(
    (await repo.listChannelRows(ctx.scope)).map((r) => channelView(ctx.deps, ctx.scope, r)),
  )
}

export async function getChannelView(ctx: ChannelsCtx, id: string): Promise<ChannelView> {
  return channelView(ctx.deps, ctx.scope, await getRow(ctx, id))
}

export async function createChannel(ctx: ChannelsCtx, input: ChannelInput): Promise<ChannelView> {
  const kind = input.type as repo.ChannelRow['kind']
  const settings = parseSettings(kind, input)
  const scopeId = await checkScope(ctx.scope, input.scopeKind, input.scopeId)
  const now = ctx.deps.clock.now()
  const id = newId(now)
  const tenantId = ctx.scope.tenantId
  const secretEnc = await sealSettings(ctx.deps, ctx.scope, id, settings.secret)
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    const first = (await repo.listChannelRows(scope)).length === 0
    const isDefault = input.isDefault ?? first
    if (isDefault) await repo.clearDefault(scope)
    await repo.insertChannel(scope, {
      id,
      kind,
      name: input.name,
      config_json: JSON.stringify(settings.config),
      secret_enc: secretEnc,
      min_severity: input.minSeverity,
      scope_kind: input.scopeKind,
      scope_id: scopeId,
      is_enabled: input.enabled ? 1 : 0,
      is_default: isDefault ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    await audit(ctx, tx, 'alert_channel.create', { id, label: input.name }, now)
  })
  return getChannelView(ctx, id)
}

export async function changeChannel(
  ctx: ChannelsCtx,
  id: string,
  patch: ChannelPatch,
): Promise<ChannelView> {
  const row = await getRow(ctx, id)
  const settings = parseSettings(row.kind, patch, await openSettings(ctx.deps, ctx.scope, row))
  const scopeKind = patch.scopeKind ?? row.scope_kind
  const scopeId = await checkScope(
    ctx.scope,
    scopeKind,
    patch.scopeId !== undefined ? patch.scopeId : row.scope_id,
  )
  const now = ctx.deps.clock.now()
  const secretEnc = await sealSettings(ctx.deps, ctx.scope, id, settings.secret)
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(ctx.scope.tenantId)
    if (patch.isDefault === true) await repo.clearDefault(scope)
    await repo.updateChannel(scope, id, {
      name: patch.name ?? row.name,
      config_json: JSON.stringify(settings.config),
      secret_enc: secretEnc,
      min_severity: patch.minSeverity ?? row.min_severity,
      scope_kind: scopeKind,
      scope_id: scopeId,
      is_enabled: patch.enabled === undefined ? row.is_enabled : patch.enabled ? 1 : 0,
      is_default: patch.isDefault === undefined ? row.is_default : patch.isDefault ? 1 : 0,
      updated_at: now,
    })
    await audit(ctx, tx, 'alert_channel.update', { id, label: patch.name ?? row.name }, now)
  })
  return getChannelView(ctx, id)
}

/** Deletes the channel; its queued messages are cancelled in the same transaction. */
export async function removeChannel(ctx: ChannelsCtx, id: string): Promise<void> {
  const row = await getRow(ctx, id)
  const now = ctx.deps.clock.now()
  await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(ctx.scope.tenantId)
    await repo.deleteChannel(scope, id)
    await repo.cancelPendingOfChannel(scope, id, 'channel deleted before the message was sent')
    if (row.is_default === 1) {
      const heir = (await repo.listChannelRows(scope)).find((c) => c.is_enabled === 1)
      if (heir !== undefined)
        await repo.updateChannel(scope, heir.id, { is_default: 1, updated_at: now })
    }
    await audit(ctx, tx, 'alert_channel.delete', { id, label: row.name }, now)
  })
}

/** Sends a test message now (no retry) and records it in the channel's delivery log. */
export async function testChannel(ctx: ChannelsCtx, id: string): Promise<TestSendResult> {
  const row = await getRow(ctx, id)
  const now = ctx.deps.clock.now()
  const msg = { event: 'test' as const, tenantId: ctx.scope.tenantId, at: now, alert: null }
  const outcome = await sendOnce(
    { ...ctx.deps, timeoutMs: ctx.deps.config.notify.timeoutMs },
    ctx.scope,
    row,
    msg,
  )
  const done = ctx.deps.clock.now()
  await repo.insertOutboxRow(ctx.scope, {
    id: newId(now),
    channel_id: id,
    alert_id: null,
    event: 'test',
    payload_json: JSON.stringify(msg),
    state: outcome.ok ? 'sent' : 'failed',
    attempts: 1,
    next_attempt_at: now,
    last_error: outcome.ok ? null : outcome.error,
    created_at: now,
    sent_at: outcome.ok ? done : null,
  })
  return { ok: outcome.ok, error: outcome.ok ? null : outcome.error, ms: outcome.ms }
}

export async function channelDeliveries(
  ctx: ChannelsCtx,
  id: string,
  limit = 100,
): Promise<ChannelDeliveryView[]> {
  const row = await getRow(ctx, id)
  return (await repo.listOutboxOfChannel(ctx.scope, row.id, limit)).map(deliveryView)
}
