// /api/v1/me/security: the caller's own second factor and the "require a second factor" switches,
// the JSON twin of Account › Security. Cookie sessions only: an API key has no second factor.
import type { Context, MiddlewareHandler } from 'hono'
import { z } from 'zod'
import {
  beginEnrolment,
  confirmEnrolment,
  regenerateRecoveryCodes,
  removeOwnSecondFactor,
  secondFactorUserOf,
  secondFactorPolicy,
  securityOverview,
  setApplianceSecondFactorPolicy,
  setTenantSecondFactorPolicy,
  type SecondFactorUser,
} from '../auth/index.ts'
import type { Deps } from '../deps.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { SessionEnv, SessionInfo } from '../http/env.ts'
import { ForbiddenError } from '../http/errors.ts'
import { readJson } from '../http/json-body.ts'
import { unauthenticated } from '../http/middleware/unauthenticated.ts'
import type { ApiRouter } from './api-router.ts'
import { epochMs } from './schemas/common.ts'

const tag = 'Account'
const codeBody = z.object({ code: z.string().min(1).max(32) })
const codesOut = z.object({ recoveryCodes: z.array(z.string()).length(10) })
const policyOut = z.object({ appliance: z.boolean(), tenant: z.boolean().nullable() })
const securityOut = z.object({
  enrolled: z.boolean(),
  enrolledAt: epochMs.nullable(),
  unusedRecoveryCodes: z.number().int(),
  required: z.boolean(),
  policy: policyOut,
})
const enrolmentOut = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() })
const policyBody = z.object({ tenant: z.boolean().optional(), appliance: z.boolean().optional() })

const cookieSession: MiddlewareHandler<SessionEnv> = async (c, next) => {
  // SessionEnv is what this guard promises the handler; before it has run, nothing is promised
  const s = c.var.session as SessionInfo | undefined
  if (!s) return unauthenticated(c)
  if (s.via !== 'cookie')
    throw new ForbiddenError(
      'Two-step verification belongs to a user; an API key cannot manage it.',
    )
  await next()
}

function user(c: Context<SessionEnv>): SecondFactorUser {
  return secondFactorUserOf(c.var.session, { ip: clientIp(c), userAgent: userAgent(c) })
}

export function securityApi(api: ApiRouter, deps: Deps): void {
  const base = { tag, role: 'session', guard: cookieSession } as const
  const overview = async (c: Context<SessionEnv>) => ({
    ...(await securityOverview(deps, user(c))),
    policy: await secondFactorPolicy(deps, c.var.session.activeTenantId),
  })

  api.sessionRoute(
    {
      ...base,
      method: 'get',
      path: '/me/security',
      summary: 'Your two-step verification and the policies',
      responses: { 200: securityOut },
    },
    async (c) => c.json(await overview(c)),
  )

  api.sessionRoute(
    {
      ...base,
      method: 'post',
      path: '/me/security/totp',
      summary: 'Start enrolment: a new secret, its otpauth URI and QR code (SVG)',
      responses: { 201: enrolmentOut },
    },
    async (c) => {
      c.header('Cache-Control', 'no-store')
      return c.json(await beginEnrolment(deps, user(c)), 201)
    },
  )

  api.sessionRoute(
    {
      ...base,
      method: 'post',
      path: '/me/security/totp/confirm',
      summary: 'Confirm enrolment with a first code; returns ten recovery codes (shown once)',
      body: codeBody,
      responses: { 200: codesOut },
    },
    async (c) => {
      const { code } = await readJson(c, codeBody)
      c.header('Cache-Control', 'no-store')
      return c.json(await confirmEnrolment(deps, user(c), code))
    },
  )

  api.sessionRoute(
    {
      ...base,
      method: 'post',
      path: '/me/security/recovery-codes',
      summary: 'Replace the recovery codes (needs a current code)',
      body: codeBody,
      responses: { 200: codesOut },
    },
    async (c) => {
      const { code } = await readJson(c, codeBody)
      c.header('Cache-Control', 'no-store')
      return c.json(await regenerateRecoveryCodes(deps, user(c), code))
    },
  )

  api.sessionRoute(
    {
      ...base,
      method: 'post',
      path: '/me/security/totp/remove',
      summary: 'Turn two-step verification off (needs a current code; refused where required)',
      body: codeBody,
      responses: { 204: null },
    },
    async (c) => {
      const { code } = await readJson(c, codeBody)
      await removeOwnSecondFactor(deps, user(c), code)
      return c.body(null, 204)
    },
  )

  api.sessionRoute(
    {
      ...base,
      method: 'patch',
      path: '/me/security/policy',
      summary:
        'Require a second factor in the active tenant (admin) or the appliance (super admin)',
      body: policyBody,
      responses: { 200: policyOut },
    },
    async (c) => {
      const body = await readJson(c, policyBody)
      const s = c.var.session
      if (body.tenant !== undefined && (s.role !== 'admin' || s.activeTenantId === null))
        throw new ForbiddenError('Only an admin of the active tenant can set its policy.')
      if (body.appliance !== undefined && !s.isSuperAdmin)
        throw new ForbiddenError('Only a super admin can set the appliance policy.')
      if (body.tenant !== undefined && s.activeTenantId !== null)
        await setTenantSecondFactorPolicy(deps, user(c), s.activeTenantId, body.tenant)
      if (body.appliance !== undefined)
        await setApplianceSecondFactorPolicy(deps, user(c), body.appliance)
      return c.json(await secondFactorPolicy(deps, s.activeTenantId))
    },
  )
}
