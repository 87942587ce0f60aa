// Public surface of the tenants domain for other domains.
export { auditAdmin, auditEntry, auditRefusal, type AuditFields } from './audit-entry.ts'
export {
  addMember,
  changeMemberRole,
  listTenantMembers,
  removeMember,
} from './memberships.service.ts'
export {
  countMembershipsOfUser,
  deleteMembership,
  findMemberByUserId,
  insertMembership,
  listMembers,
  listMembershipsOfUsers,
  updateMembershipRole,
} from './tenants.repo.ts'
export {
  addMembershipSchema,
  deleteTenantSchema,
  MEMBERSHIP_ROLES,
  membershipRoleFormSchema,
  membershipRoleSchema,
  tenantFormSchema,
  tenantNameSchema,
  tenantPatchSchema,
} from './tenants.schema.ts'
export {
  createTenant,
  deleteTenant,
  getTenant,
  listTenantSummaries,
  renameTenant,
  setTenantDisabled,
  type TenantsDeps,
} from './tenants.service.ts'
export type { Actor, Member, Tenant, TenantRole, TenantSummary } from './tenants.types.ts'
export { isUniqueViolation } from './unique-violation.ts'
