// The signed-in user's own second factor: enrol (secret + QR code), confirm with a first code
// (which yields the ten recovery codes, shown once), new recovery codes, removal; and whether a
// user must have one (their tenant or the appliance requires it). Every change is audited.
import QRCode from 'qrcode'
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ConflictError, ValidationError } from '../lib/errors.ts'
import type { TenantId, UserId } from '../lib/ids.ts'
import { newTotpSecret, otpauthUri } from '../lib/totp.ts'
import { auditAuth, type AuthAuditEntry } from './audit-auth.ts'
import type { ClientMeta, SessionInfo } from './auth.types.ts'
import { checkSecondFactorCode, CODE_MESSAGES } from './second-factor-check.ts'
import { newRecoveryCodes, sealTotpSecret } from './second-factor-secret.ts'
import type { Enrolment, SecurityOverview } from './second-factor.types.ts'
import {
  applianceRequiresSecondFactor,
  countUnusedRecoveryCodes,
  deleteSecondFactor,
  findSecondFactor,
  replaceRecoveryCodes,
  tenantsRequiringSecondFactor,
  upsertPendingSecret,
} from './second-factor.repo.ts'

export const TOTP_ISSUER = 'Outpost'

export interface SecondFactorUser {
  userId: UserId
  username: string
  isSuperAdmin: boolean
  tenantIds: readonly TenantId[]
  meta: ClientMeta
}

export function secondFactorUserOf(s: SessionInfo, meta: ClientMeta): SecondFactorUser {
  return {
    userId: s.userId,
    username: s.username,
    isSuperAdmin: s.isSuperAdmin,
    tenantIds: s.memberships.map((m) => m.tenantId),
    meta,
  }
}

/** Whether the appliance or any tenant of the user requires a second factor. */
export async function secondFactorRequired(
  deps: Deps,
  tenantIds: readonly TenantId[],
): Promise<boolean> {
  if (await applianceRequiresSecondFactor(deps.db)) return true
  return (await tenantsRequiringSecondFactor(deps.db, tenantIds)).length > 0
}

export async function hasSecondFactor(deps: Deps, userId: UserId): Promise<boolean> {
  const row = await findSecondFactor(deps.db, userId)
  return row?.confirmed_at !== undefined && row.confirmed_at !== null
}

export async function securityOverview(deps: Deps, u: SecondFactorUser): Promise<SecurityOverview> {
  const row = await findSecondFactor(deps.db, u.userId)
  const enrolledAt = row?.confirmed_at ?? null
  return {
    enrolled: enrolledAt !== null,
    enrolledAt,
    unusedRecoveryCodes:
      enrolledAt === null ? 0 : await countUnusedRecoveryCodes(deps.db, u.userId),
    required: await secondFactorRequired(deps, u.tenantIds),
  }
}

/** An audit entry of the user acting on their own account (the passkeys service uses it too). */
export function audit(
  u: SecondFactorUser,
  action: AuthAuditEntry['action'],
  outcome: 'success' | 'failure',
  details?: Record<string, unknown>,
): AuthAuditEntry {
  const actor = { kind: 'user' as const, id: u.userId, name: u.username }
  return {
    action,
    actor,
    outcome,
    meta: u.meta,
    target: { type: 'user', id: u.userId, label: u.username },
    details,
  }
}

/** Starts (or restarts) an enrolment; refused while a confirmed second factor exists. */
export async function beginEnrolment(deps: Deps, u: SecondFactorUser): Promise<Enrolment> {
  if (await hasSecondFactor(deps, u.userId))
    throw new ConflictError(
      'A second factor is already set up. Remove it first to enrol a new device.',
    )
  const secret = newTotpSecret()
  await upsertPendingSecret(
    deps.db,
    u.userId,
    sealTotpSecret(deps.secrets.masterKey, u.userId, secret),
    deps.clock.now(),
  )
  const uri = otpauthUri(TOTP_ISSUER, u.username, secret)
  return {
    secret,
    uri,
    qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
  }
}

/** The enrolment's first code turns the second factor on and yields the recovery codes (shown once). */
export async function confirmEnrolment(
  deps: Deps,
  u: SecondFactorUser,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const now = deps.clock.now()
  const fresh = newRecoveryCodes()
  const result = await withTransaction(deps, async (tx) => {
    const check = await checkSecondFactorCode(tx.global, {
      userId: u.userId,
      code,
      now,
      masterKey: deps.secrets.masterKey,
      confirming: true,
    })
    if (!check.ok) return check
    await replaceRecoveryCodes(tx.global, u.userId, fresh.rows, now)
    await auditAuth(tx.global, audit(u, 'auth.second_factor_enrolled', 'success'), now)
    return check
  })
  if (!result.ok) {
    await auditAuth(
      deps.db,
      audit(u, 'auth.second_factor_enrolled', 'failure', { reason: result.reason }),
      now,
    )
    const message =
      result.reason === 'not_enrolled'
        ? 'Start the set-up again: no enrolment is waiting.'
        : CODE_MESSAGES[result.reason]
    throw new ValidationError({ code: message })
  }
  return { recoveryCodes: fresh.codes }
}

/** Checks a current code (or recovery code) before a change to the second factor itself. */
async function requireCode(
  deps: Deps,
  u: SecondFactorUser,
  code: string,
  action: AuthAuditEntry['action'],
): Promise<void> {
  const now = deps.clock.now()
  const check = await withTransaction(deps, (tx) =>
    checkSecondFactorCode(tx.global, {
      userId: u.userId,
      code,
      now,
      masterKey: deps.secrets.masterKey,
    }),
  )
  if (check.ok) return
  await auditAuth(deps.db, audit(u, action, 'failure', { reason: check.reason }), now)
  throw new ValidationError({ code: CODE_MESSAGES[check.reason] })
}

/** Ten new recovery codes; the old ones stop working. Needs a current code. */
export async function regenerateRecoveryCodes(
  deps: Deps,
  u: SecondFactorUser,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  await requireCode(deps, u, code, 'auth.recovery_codes_regenerated')
  const now = deps.clock.now()
  const fresh = newRecoveryCodes()
  await withTransaction(deps, async (tx) => {
    await replaceRecoveryCodes(tx.global, u.userId, fresh.rows, now)
    await auditAuth(tx.global, audit(u, 'auth.recovery_codes_regenerated', 'success'), now)
  })
  return { recoveryCodes: fresh.codes }
}

/** Turns the second factor off (needs a current code); refused where a tenant or the appliance requires one. */
export async function removeOwnSecondFactor(
  deps: Deps,
  u: SecondFactorUser,
  code: string,
): Promise<void> {
  if (!(await hasSecondFactor(deps, u.userId)))
    throw new ConflictError('No second factor is set up.')
  if (await secondFactorRequired(deps, u.tenantIds)) {
    throw new ConflictError(
      'Your organisation requires a second factor, so it cannot be turned off.',
    )
  }
  await requireCode(deps, u, code, 'auth.second_factor_removed')
  const now = deps.clock.now()
  await withTransaction(deps, async (tx) => {
    await deleteSecondFactor(tx.global, u.userId)
    await auditAuth(tx.global, audit(u, 'auth.second_factor_removed', 'success'), now)
  })
}
