// Public surface of the privacy domain (issue 19): the key-use log, personal data export and
// account deletion.
export {
  flushKeyUse,
  keyUseQuerySchema,
  listKeyUse,
  parseKeyUseQuery,
  startKeyUseFlush,
} from './key-use.service.ts'
export { privacyRoutes } from './privacy.routes.tsx'
export { exportPersonalData } from './personal-data.service.ts'
export type { DeletionReceipt, KeyUsePage, KeyUseView } from './privacy.types.ts'
export {
  confirmPassword,
  deletableAccount,
  deleteAccountIn,
  deleteOwnAccount,
  LAST_SUPER_ADMIN,
} from './account-deletion.service.ts'
