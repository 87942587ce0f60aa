import type { TenantRole } from '../../src/tenants/tenants.types.ts'

const DESCRIPTIONS: Record<TenantRole, string> = {
  admin: 'Admin: users, API keys, devices and settings',
  operator: 'Operator: device operations and changes',
  viewer: 'Viewer: read only',
}

/** Options for a role select, in rank order. `roles` limits them (API keys stop at operator). */
export function roleOptions(
  roles: readonly TenantRole[] = ['admin', 'operator', 'viewer'],
): { value: string; label: string }[] {
  return roles.map((r) => ({ value: r, label: DESCRIPTIONS[r] }))
}
