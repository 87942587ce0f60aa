// Sites, tags and device groups: three tenant tables with the same shape.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Label, LabelKind, LabelRef } from './labels.types.ts'

export const LABEL_TABLES = { sites: 'sites', tags: 'tags', groups: 'device_groups' } as const

const LIMIT = 1000

/** Id and name of every label of a kind, by name. */
export async function listLabelRefs(scope: TenantScope, kind: LabelKind): Promise<LabelRef[]> {
  return scope
    .selectFrom(LABEL_TABLES[kind])
    .select(['id', 'name'])
    .orderBy('name')
    .limit(LIMIT)
    .execute()
}

async function deviceCounts(scope: TenantScope, kind: LabelKind): Promise<Map<string, number>> {
  let rows: { id: string | null; n: number }[]
  if (kind === 'sites') {
    rows = await scope
      .selectFrom('devices')
      .select((eb) => ['site_id as id', eb.fn.countAll<number>().as('n')])
      .where('site_id', 'is not', null)
      .groupBy('site_id')
      .execute()
  } else if (kind === 'tags') {
    rows = await scope
      .selectFrom('device_tags')
      .select((eb) => ['tag_id as id', eb.fn.countAll<number>().as('n')])
      .groupBy('tag_id')
      .execute()
  } else {
    rows = await scope
      .selectFrom('device_group_members')
      .select((eb) => ['group_id as id', eb.fn.countAll<number>().as('n')])
      .groupBy('group_id')
      .execute()
  }
  return new Map(rows.map((r) => [r.id ?? '', Number(r.n)]))
}

/** Labels of a kind with how many devices use each. */
export async function listLabels(scope: TenantScope, kind: LabelKind): Promise<Label[]> {
  const [rows, counts] = await Promise.all([
    scope
      .selectFrom(LABEL_TABLES[kind])
      .select(['id', 'name', 'description', 'created_at'])
      .orderBy('name')
      .limit(LIMIT)
      .execute(),
    deviceCounts(scope, kind),
  ])
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    createdAt: r.created_at,
    deviceCount: counts.get(r.id) ?? 0,
  }))
}

export async function findLabel(scope: TenantScope, kind: LabelKind, id: string) {
  return scope
    .selectFrom(LABEL_TABLES[kind])
    .select(['id', 'name', 'description'])
    .where('id', '=', id as never)
    .executeTakeFirst()
}

export async function findLabelByName(scope: TenantScope, kind: LabelKind, name: string) {
  return scope
    .selectFrom(LABEL_TABLES[kind])
    .select(['id', 'name'])
    .where('name', '=', name)
    .executeTakeFirst()
}

export async function insertLabel(
  scope: TenantScope,
  kind: LabelKind,
  row: { id: string; name: string; description: string; created_at: number },
): Promise<void> {
  await scope.insertInto(LABEL_TABLES[kind], row as never).execute()
}

export async function updateLabel(
  scope: TenantScope,
  kind: LabelKind,
  id: string,
  patch: { name: string; description: string },
): Promise<number> {
  const r = await scope
    .updateTable(LABEL_TABLES[kind])
    .set(patch)
    .where('id', '=', id as never)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** Deletes a label; devices lose the site (links to tags/groups cascade). */
export async function deleteLabel(
  scope: TenantScope,
  kind: LabelKind,
  id: string,
): Promise<number> {
  if (kind === 'sites') {
    await scope
      .updateTable('devices')
      .set({ site_id: null })
      .where('site_id', '=', id as never)
      .execute()
  }
  const r = await scope
    .deleteFrom(LABEL_TABLES[kind])
    .where('id', '=', id as never)
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** The subset of `ids` that exist as labels of this kind in the tenant. */
export async function existingLabelIds(
  scope: TenantScope,
  kind: LabelKind,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await scope
    .selectFrom(LABEL_TABLES[kind])
    .select('id')
    .where('id', 'in', ids as never[])
    .execute()
  return new Set(rows.map((r) => r.id))
}
