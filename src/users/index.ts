// Public surface of the users domain for other domains.
export { listAllUsers } from './all-users.service.ts'
export { accountRequestMessage, requestExistingAccount } from './account-request.service.ts'
export {
  accountRequestSchema,
  changeRoleSchema,
  createUserSchema,
  userPatchSchema,
  usernameSchema,
} from './users.schema.ts'
export {
  changeUserRole,
  removeTenantUser,
  resetUserPassword,
  setUserDisabled,
} from './user-changes.service.ts'
export {
  createTenantUser,
  describeTenantUser,
  getTenantUser,
  listTenantUsers,
  type UsersDeps,
} from './users.service.ts'
export type {
  Member,
  TemporaryPasswordResult,
  TenantUserDetail,
  UserAccount,
  UserWithMemberships,
} from './users.types.ts'
export { temporaryPassword } from './temporary-password.ts'
