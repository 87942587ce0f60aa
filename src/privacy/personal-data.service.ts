// The signed-in user's personal data as JSON (issue 19, GDPR Art. 15 access / Art. 20
// portability): the account, memberships, sessions, API keys' metadata, second factors and the
// audit entries the user made. No secret is included (no hashes, no tokens, no key material).
import { auditKeysOf, openDetails } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import { forTenant } from '../db/tenant-scope.ts'
import { NotFoundError } from '../lib/errors.ts'
import type { UserId } from '../lib/ids.ts'

/** Audit entries in one export at most (an auditor's export narrows by date instead). */
export const EXPORT_AUDIT_MAX = 100_000

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export interface PersonalDataExport {
  exportedAt: string
  account: Record<string, unknown>
  memberships: Record<string, unknown>[]
  sessions: Record<string, unknown>[]
  apiKeys: Record<string, unknown>[]
  secondFactors: Record<string, unknown>
  auditEntries: Record<string, unknown>[]
  auditEntriesTruncated: boolean
}

/**
 * Everything Outpost keeps about `userId`, without secrets.
 * @example const data = await exportPersonalData(deps, session.userId)
 */
export async function exportPersonalData(
  deps: Pick<Deps, 'db' | 'kysely' | 'clock'>,
  userId: UserId,
): Promise<PersonalDataExport> {
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirst()
  if (user === undefined) throw new NotFoundError('Your account no longer exists.')
  const tenants = await deps.db
    .selectFrom('tenants')
    .select(['id', 'name'])
    .limit(1_000_000)
    .execute()
  const memberships: Record<string, unknown>[] = []
  const apiKeys: Record<string, unknown>[] = []
  for (const t of tenants) {
    const scope = forTenant(deps.kysely, t.id)
    const m = await scope
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst()
    if (m !== undefined)
      memberships.push({ tenant: t.name, tenantId: t.id, role: m.role, since: iso(m.created_at) })
    const keys = await scope
      .selectFrom('api_keys')
      .select(['id', 'name', 'prefix', 'role', 'created_at', 'last_used_at', 'revoked_at'])
      .where('created_by_user_id', '=', userId)
      .execute()
    for (const k of keys) {
      apiKeys.push({
        tenant: t.name,
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        role: k.role,
        createdAt: iso(k.created_at),
        lastUsedAt: iso(k.last_used_at),
        revokedAt: iso(k.revoked_at),
      })
    }
  }
  const sessions = await deps.db
    .selectFrom('refresh_tokens')
    .select(['family_id', 'created_at', 'expires_at', 'used_at', 'revoked_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
  const totp = await deps.db
    .selectFrom('user_second_factors')
    .select(['created_at', 'confirmed_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
  const passkeys = await deps.db
    .selectFrom('user_passkeys')
    .select(['name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .execute()
  const audit = await deps.db
    .selectFrom('audit_log')
    .select([
      'seq',
      'at',
      'tenant_id',
      'actor_kind',
      'ip',
      'action',
      'target_type',
      'target_id',
      'target_label',
      'outcome',
      'details_json',
      'details_sealed',
      'chain_version',
    ])
    .where('actor_id', '=', userId)
    .orderBy('seq')
    .limit(EXPORT_AUDIT_MAX + 1)
    .execute()
  const keys = auditKeysOf(deps.db)
  return {
    exportedAt: new Date(deps.clock.now()).toISOString(),
    account: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      email: user.email,
      isSuperAdmin: user.is_super_admin === 1,
      isDisabled: user.is_disabled === 1,
      createdAt: iso(user.created_at),
      updatedAt: iso(user.updated_at),
      passwordChangedAt: iso(user.password_changed_at),
    },
    memberships,
    sessions: sessions.map((s) => ({
      family: s.family_id,
      createdAt: iso(s.created_at),
      expiresAt: iso(s.expires_at),
      usedAt: iso(s.used_at),
      revokedAt: iso(s.revoked_at),
      ip: s.ip,
      userAgent: s.user_agent,
    })),
    apiKeys,
    secondFactors: {
      authenticatorApp:
        totp === undefined
          ? null
          : { addedAt: iso(totp.created_at), confirmedAt: iso(totp.confirmed_at) },
      passkeys: passkeys.map((p) => ({
        name: p.name,
        addedAt: iso(p.created_at),
        lastUsedAt: iso(p.last_used_at),
      })),
    },
    auditEntries: audit.slice(0, EXPORT_AUDIT_MAX).map((a) => ({
      seq: a.seq,
      at: iso(a.at),
      tenantId: a.tenant_id,
      actorKind: a.actor_kind,
      ip: a.ip,
      action: a.action,
      target:
        a.target_type === null
          ? null
          : { type: a.target_type, id: a.target_id, label: a.target_label },
      outcome: a.outcome,
      details: JSON.parse(openDetails(keys, a, a.chain_version)) as unknown,
    })),
    auditEntriesTruncated: audit.length > EXPORT_AUDIT_MAX,
  }
}
