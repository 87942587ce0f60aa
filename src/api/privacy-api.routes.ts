// Accounts and privacy (issue 19): password reset requests, the caller's personal data export and
// account deletion, and the tenant's key-use log.
import { z } from 'zod'
import { requestPasswordReset, resetLimitFor } from '../auth/index.ts'
import type { Deps } from '../deps.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { ApiRouter } from './api-router.ts'
import {
  deleteOwnAccount,
  exportPersonalData,
  keyUseQuerySchema,
  listKeyUse,
  parseKeyUseQuery,
} from '../privacy/index.ts'
import { readJson } from '../http/json-body.ts'
import { AccountThrottle } from '../auth/index.ts'
import { recordAudit } from '../audit/index.ts'
import { actorOf } from '../http/request-actor.ts'
import { ForbiddenError } from '../lib/errors.ts'

const RESET_ANSWER =
  'If an account with that user name has an e-mail address, a reset link is on its way.'
const resetAnswer = z.object({ message: z.string() })
const resetBody = z.object({ username: z.string().trim().min(1).max(128) })

const keyUseAnswer = z.object({
  from: z.number(),
  to: z.number(),
  truncated: z.boolean(),
  uses: z.array(
    z.object({
      hour: z.number(),
      purpose: z.string(),
      subjectType: z.string(),
      subjectId: z.string(),
      subjectLabel: z.string(),
      actorKind: z.string(),
      actorName: z.string(),
      count: z.number(),
      firstAt: z.number(),
      lastAt: z.number(),
      unusual: z.array(z.string()),
    }),
  ),
})

const exportAnswer = z.object({
  exportedAt: z.string(),
  account: z.record(z.string(), z.unknown()),
  memberships: z.array(z.record(z.string(), z.unknown())),
  sessions: z.array(z.record(z.string(), z.unknown())),
  apiKeys: z.array(z.record(z.string(), z.unknown())),
  secondFactors: z.record(z.string(), z.unknown()),
  auditEntries: z.array(z.record(z.string(), z.unknown())),
  auditEntriesTruncated: z.boolean(),
})

const deleteBody = z.object({ password: z.string().min(1).max(1024) })
const count = z.number().int().nonnegative()
const receiptAnswer = z.object({
  receipt: z.object({
    id: z.string(),
    pseudonym: z.string(),
    deletedAt: z.string(),
    deletedBy: z.string(),
    removed: z.object({
      account: count,
      memberships: count,
      sessions: count,
      passkeys: count,
      authenticatorApps: count,
      recoveryCodes: count,
      resetTokens: count,
      apiKeysRevoked: count,
      auditEntriesPseudonymised: count,
    }),
    hash: z.string(),
  }),
})

export function privacyApi(api: ApiRouter, deps: Deps): void {
  const deletions = new AccountThrottle(deps.clock)
  api.sessionRoute(
    {
      method: 'delete',
      path: '/me',
      tag: 'Account',
      summary: 'Delete my account',
      description:
        "Deletes the calling user's account (Art. 17) after checking `password`: sessions everywhere, passkeys, second factor and reset links go, the API keys it created are revoked, its audit entries name a pseudonym. The receipt is answered once. 403 for the last super admin and for API keys, 422 for a wrong password; each refusal is audited.",
      role: 'session',
      body: deleteBody,
      responses: { 200: receiptAnswer, 403: null, 422: null },
    },
    async (c) => {
      const actor = actorOf(c)
      const meta = { ip: clientIp(c), userAgent: userAgent(c) }
      if (actor.kind !== 'user' || !actor.userId) {
        const entry = {
          tenantId: c.var.session.activeTenantId,
          actor: { kind: actor.kind, id: actor.id, name: actor.name },
          ip: meta.ip,
          action: 'account.delete',
          outcome: 'failure' as const,
          details: { reason: 'not_a_user' },
        }
        await recordAudit(deps.db, entry, deps.clock.now())
        throw new ForbiddenError('An API key cannot delete an account: sign in as the user.')
      }
      const body = await readJson(c, deleteBody)
      const input = { userId: actor.userId, password: body.password, meta }
      return c.json({ receipt: await deleteOwnAccount(deps, input, deletions) })
    },
  )

  api.sessionRoute(
    {
      method: 'get',
      path: '/me/export',
      tag: 'Account',
      summary: 'My personal data',
      description:
        "Everything Outpost keeps about the calling user (account, memberships, sessions, API keys' metadata, second factors, their audit entries), without secrets.",
      role: 'session',
      responses: { 200: exportAnswer },
    },
    async (c) => c.json(await exportPersonalData(deps, c.var.session.userId)),
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/key-use',
      tag: 'Account',
      summary: "Uses of the tenant's key",
      description:
        "Decryptions of the tenant's secrets per hour, purpose, subject and user or job (default: the last 7 days; dates are UTC days, YYYY-MM-DD). `unusual` explains uses that stand out.",
      role: 'admin',
      query: keyUseQuerySchema,
      responses: { 200: keyUseAnswer, 422: null },
    },
    async (c) => {
      const f = parseKeyUseQuery(c.req.query(), deps.clock.now())
      const page = await listKeyUse(deps, c.var.scope, f)
      return c.json({ from: f.fromMs, to: f.toMs, truncated: page.truncated, uses: page.rows })
    },
  )

  api.publicRoute(
    {
      method: 'post',
      path: '/auth/password-reset',
      tag: 'Account',
      summary: 'Send a password reset link',
      role: 'public',
      description:
        'Always 202, whether the account exists or not. When it exists and has an e-mail address, a single-use link valid for 30 minutes is sent through the system mail. Limited per client address and per account.',
      body: resetBody,
      responses: { 202: resetAnswer },
    },
    async (c) => {
      const body = await readJson(c, resetBody)
      const meta = { ip: clientIp(c), userAgent: userAgent(c) }
      await requestPasswordReset(deps, { username: body.username, meta }, resetLimitFor(deps))
      return c.json({ message: RESET_ANSWER }, 202)
    },
  )
}
