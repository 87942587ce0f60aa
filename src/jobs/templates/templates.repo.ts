// Template rows and their version history, through the tenant scope.
import type { Selectable } from 'kysely'
import type { JobTemplatesTable, JobTemplateVersionsTable } from '../../db/schema-jobs.ts'
import type { TenantScope } from '../../db/tenant-scope.ts'

export type TemplateRow = Selectable<JobTemplatesTable>
export type TemplateVersionRow = Selectable<JobTemplateVersionsTable>

export function listTemplateRows(scope: TenantScope, limit: number): Promise<TemplateRow[]> {
  return scope.selectFrom('job_templates').selectAll().orderBy('name').limit(limit).execute()
}

export function findTemplateRow(scope: TenantScope, id: string): Promise<TemplateRow | undefined> {
  return scope.selectFrom('job_templates').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findTemplateByName(
  scope: TenantScope,
  name: string,
): Promise<TemplateRow | undefined> {
  return scope.selectFrom('job_templates').selectAll().where('name', '=', name).executeTakeFirst()
}

export function listVersions(
  scope: TenantScope,
  templateId: string,
  limit: number,
): Promise<TemplateVersionRow[]> {
  return scope
    .selectFrom('job_template_versions')
    .selectAll()
    .where('template_id', '=', templateId)
    .orderBy('version', 'desc')
    .limit(limit)
    .execute()
}

/** Inserts or updates the template and appends its version, in one transaction. */
export async function saveTemplate(
  scope: TenantScope,
  row: Omit<TemplateRow, 'tenant_id'>,
  version: Omit<TemplateVersionRow, 'tenant_id'>,
  isNew: boolean,
): Promise<void> {
  await scope.transaction(async (tx) => {
    if (isNew) await tx.insertInto('job_templates', row).execute()
    else {
      const { id, ...patch } = row
      await tx.updateTable('job_templates').set(patch).where('id', '=', id).execute()
    }
    await tx.insertInto('job_template_versions', version).execute()
  })
}
