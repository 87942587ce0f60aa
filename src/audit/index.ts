// Public surface of the audit domain for other domains.
export { recordAudit } from './audit.service.ts'
export type { AuditEntry } from './audit.service.ts'
export { verifyAuditChain, type AuditVerifyResult } from './audit-verify.ts'
export { canonicalJson, entryHash, entryHashV2, GENESIS_HASH, identityDigest } from './chain.ts'
// sealed details and erasure (issue 19)
export { AuditKeys, auditKeysOf, openDetails, registerAuditKeys } from './sealing.ts'
export { sealLegacyAudit } from './legacy-seal.ts'
export { ACCOUNT_DELETE_ACTION, eraseAuditIdentity, newPseudonym } from './erasure.ts'
export type { AuditRow } from './audit.repo.ts'
export { listAudit, parseAuditQuery, resolveAuditScope } from './audit-list.service.ts'
export { auditAccess } from './audit-access.ts'
export { auditQuerySchema } from './audit.schema.ts'
export { auditCsv as toCsv } from './audit-csv.ts'
