// Public surface of the audit domain for other domains.
export { recordAudit, verifyAuditChain } from './audit.service.ts'
export type { AuditEntry, AuditVerifyResult } from './audit.service.ts'
export { canonicalJson, entryHash, GENESIS_HASH } from './chain.ts'
export type { AuditRow } from './audit.repo.ts'
export { listAudit, parseAuditQuery, resolveAuditScope } from './audit-list.service.ts'
export { auditAccess } from './audit-access.ts'
export { auditQuerySchema } from './audit.schema.ts'
export { auditCsv as toCsv } from './audit-csv.ts'
