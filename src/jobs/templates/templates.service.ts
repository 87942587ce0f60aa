// Per-tenant templates: create, change (every change a new version with who and what), preview
// rendered per device.
import { recordAudit } from '../../audit/index.ts'
import type { GlobalDb } from '../../db/global-db.ts'
import type { TenantScope } from '../../db/tenant-scope.ts'
import { ConflictError, NotFoundError } from '../../lib/errors.ts'
import { newId } from '../../lib/ids.ts'
import type { Clock } from '../../lib/time.ts'
import { isReadOnly } from '../classify.ts'
import { selectDevices, type TargetSelection } from '../targets.repo.ts'
import { renderFor } from './render.ts'
import {
  findTemplateByName,
  findTemplateRow,
  listTemplateRows,
  listVersions,
  saveTemplate,
  type TemplateRow,
  type TemplateVersionRow,
} from './templates.repo.ts'
import type { TemplateInput } from './templates.schema.ts'
import type { PreviewRow, TemplateVersionView, TemplateView } from './templates.types.ts'
import type { Variable } from './variables.ts'

export interface TemplateActor {
  kind: 'user' | 'api_key'
  id: string
  name: string
  ip: string | null
}

export interface TemplateCtx {
  deps: { db: GlobalDb; clock: Clock }
  scope: TenantScope
  actor: TemplateActor
}

export function toTemplateView(r: TemplateRow): TemplateView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    body: r.body,
    variables: JSON.parse(r.variables_json) as Variable[],
    readOnly: r.is_read_only === 1,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

function toVersionView(r: TemplateVersionRow): TemplateVersionView {
  return {
    version: r.version,
    body: r.body,
    variables: JSON.parse(r.variables_json) as Variable[],
    changedBy: r.changed_by,
    changedAt: r.changed_at,
    summary: r.summary,
  }
}

export async function listTemplates(ctx: Pick<TemplateCtx, 'scope'>): Promise<TemplateView[]> {
  return (await listTemplateRows(ctx.scope, 500)).map(toTemplateView)
}

export async function getTemplate(
  ctx: Pick<TemplateCtx, 'scope'>,
  id: string,
): Promise<{ template: TemplateView; versions: TemplateVersionView[] }> {
  const row = await findTemplateRow(ctx.scope, id)
  if (!row) throw new NotFoundError('Template not found.', { code: 'template_not_found' })
  return {
    template: toTemplateView(row),
    versions: (await listVersions(ctx.scope, id, 100)).map(toVersionView),
  }
}

/** What changed between two versions, in words for the history. */
export function changeSummary(before: TemplateView | undefined, after: TemplateInput): string {
  if (!before)
    return `created with ${after.variables.length} variable${after.variables.length === 1 ? '' : 's'}`
  const parts: string[] = []
  const a = new Set(before.body.split('\n'))
  const b = new Set(after.body.split('\n'))
  const added = [...b].filter((l) => !a.has(l)).length
  const removed = [...a].filter((l) => !b.has(l)).length
  if (added + removed > 0) parts.push(`script +${added} -${removed} lines`)
  const va = new Map(before.variables.map((v) => [v.name, JSON.stringify(v)]))
  const vb = new Map(after.variables.map((v) => [v.name, JSON.stringify(v)]))
  const vAdded = [...vb.keys()].filter((k) => !va.has(k))
  const vRemoved = [...va.keys()].filter((k) => !vb.has(k))
  const vChanged = [...vb.keys()].filter((k) => va.has(k) && va.get(k) !== vb.get(k))
  if (vAdded.length > 0) parts.push(`variables added: ${vAdded.join(', ')}`)
  if (vRemoved.length > 0) parts.push(`variables removed: ${vRemoved.join(', ')}`)
  if (vChanged.length > 0) parts.push(`variables changed: ${vChanged.join(', ')}`)
  if (before.name !== after.name) parts.push(`renamed from ${before.name}`)
  if (before.description !== after.description) parts.push('description changed')
  return parts.length > 0 ? parts.join('; ') : 'saved without changes'
}

/** Creates (id undefined) or changes a template; each save is a new version. */
export async function saveTemplateVersion(
  ctx: TemplateCtx,
  id: string | undefined,
  input: TemplateInput,
): Promise<TemplateView> {
  const now = ctx.deps.clock.now()
  const old = id === undefined ? undefined : await findTemplateRow(ctx.scope, id)
  if (id !== undefined && !old)
    throw new NotFoundError('Template not found.', { code: 'template_not_found' })
  const clash = await findTemplateByName(ctx.scope, input.name)
  if (clash && clash.id !== id)
    throw new ConflictError(`A template named "${input.name}" already exists.`, {
      code: 'template_name_taken',
    })
  const before = old ? toTemplateView(old) : undefined
  const row = {
    id: old?.id ?? newId(now),
    name: input.name,
    description: input.description,
    body: input.body,
    variables_json: JSON.stringify(input.variables),
    is_read_only: (isReadOnly(input.body) ? 1 : 0) as 0 | 1,
    version: (old?.version ?? 0) + 1,
    created_at: old?.created_at ?? now,
    updated_at: now,
  }
  const summary = changeSummary(before, input)
  await saveTemplate(
    ctx.scope,
    row,
    {
      template_id: row.id,
      version: row.version,
      body: row.body,
      variables_json: row.variables_json,
      changed_by: ctx.actor.name,
      changed_at: now,
      summary,
    },
    old === undefined,
  )
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name },
      ip: ctx.actor.ip,
      action: old ? 'template.changed' : 'template.created',
      target: { type: 'template', id: row.id, label: row.name },
      outcome: 'success',
      details: { version: row.version, summary },
    },
    now,
  )
  return toTemplateView({ ...row, tenant_id: ctx.scope.tenantId })
}

/** The script each selected device would get, or why it cannot (no device is contacted). */
export async function previewTemplate(
  ctx: Pick<TemplateCtx, 'scope'>,
  id: string,
  selection: TargetSelection,
  grid: Readonly<Record<string, Record<string, unknown>>> = {},
): Promise<{ template: TemplateView; rows: PreviewRow[] }> {
  const { template } = await getTemplate(ctx, id)
  const devices = await selectDevices(ctx.scope, selection)
  const rows = devices.map((d) =>
    renderFor(template.body, template.variables, d, { ...grid['*'], ...grid[d.id] }),
  )
  return { template, rows }
}
