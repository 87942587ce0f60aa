// Site, tag and group ids in an input must exist in the same tenant (the composite foreign keys
// would refuse them anyway; this turns that into a field message instead of a 500).
import type { TenantScope } from '../db/tenant-scope.ts'
import { ValidationError } from '../lib/errors.ts'
import { existingLabelIds } from '../labels/index.ts'

export async function assertLabelsExist(
  scope: TenantScope,
  input: { site_id: string | null; tag_ids: string[]; group_ids: string[] },
): Promise<void> {
  const fields: Record<string, string> = {}
  if (input.site_id !== null) {
    const sites = await existingLabelIds(scope, 'sites', [input.site_id])
    if (!sites.has(input.site_id)) fields.site_id = 'Choose an existing site.'
  }
  const tags = await existingLabelIds(scope, 'tags', input.tag_ids)
  if (input.tag_ids.some((t) => !tags.has(t))) fields.tag_ids = 'Choose existing tags.'
  const groups = await existingLabelIds(scope, 'groups', input.group_ids)
  if (input.group_ids.some((g) => !groups.has(g))) fields.group_ids = 'Choose existing groups.'
  if (Object.keys(fields).length > 0) throw new ValidationError(fields)
}
