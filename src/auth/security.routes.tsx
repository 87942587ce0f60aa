// Account › Security (/account/security): the user's own second factor (enrol, confirm, new
// recovery codes, turn off) and the "require a second factor" switches (tenant admin, super admin).
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { EnrolPage } from '../../views/account/enrol-page.tsx'
import { PasskeysSection } from '../../views/account/passkeys-section.tsx'
import { RecoveryCodesPage } from '../../views/account/recovery-codes-page.tsx'
import { SecurityPage } from '../../views/account/security-page.tsx'
import type { Deps } from '../deps.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { AppEnv, SessionEnv, SessionInfo } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, validateForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import {
  requireSignedIn,
  requireSuperAdmin,
  requireTenantRole,
} from '../http/middleware/require-role.ts'
import { sessionOf } from '../http/request-actor.ts'
import { ValidationError } from '../lib/errors.ts'
import { passkeyOverview } from './passkey.service.ts'
import {
  secondFactorPolicy,
  setApplianceSecondFactorPolicy,
  setTenantSecondFactorPolicy,
} from './second-factor-policy.ts'
import {
  beginEnrolment,
  confirmEnrolment,
  regenerateRecoveryCodes,
  removeOwnSecondFactor,
  secondFactorUserOf,
  securityOverview,
  type SecondFactorUser,
} from './second-factor.service.ts'

export const SECURITY_PAGE = '/account/security'
// generic over the Env: the tenant-policy route's context is a TenantEnv one (Context is invariant)
type Ctx<E extends SessionEnv = SessionEnv> = Context<E>

const codeSchema = z.object({ code: z.string().trim().min(1, 'Type a code.').max(32) })
const policySchema = z.object({ required: z.enum(['true', 'false']) })

/** The signed-in user as the second-factor service needs them (cookie sessions only). */
function secondFactorUser<E extends SessionEnv>(c: Ctx<E>): SecondFactorUser {
  return secondFactorUserOf(sessionOf(c), { ip: clientIp(c), userAgent: userAgent(c) })
}

function adminTenantName(s: SessionInfo): string | null {
  if (s.role !== 'admin' || s.activeTenantId === null) return null
  return s.memberships.find((m) => m.tenantId === s.activeTenantId)?.tenantName ?? null
}

async function renderSecurity<E extends SessionEnv>(
  c: Ctx<E>,
  deps: Deps,
  status: 200 | 409 | 422 = 200,
  error?: string,
) {
  const s = sessionOf(c)
  const overview = await securityOverview(deps, secondFactorUser(c))
  const policy = await secondFactorPolicy(deps, s.activeTenantId)
  const keys = await passkeyOverview(deps, secondFactorUser(c))
  const passkeys = {
    any: keys.passkeys.length > 0,
    section: (
      <PasskeysSection
        csrfToken={c.var.csrfToken}
        overview={keys}
        now={deps.clock.now()}
        timeZone={s.timeZone}
      />
    ),
  }
  c.status(status)
  const page = (
    <SecurityPage
      csrfToken={c.var.csrfToken}
      overview={overview}
      policy={policy}
      adminOfTenant={adminTenantName(s)}
      isSuperAdmin={s.isSuperAdmin}
      error={error}
      passkeys={passkeys}
    />
  )
  return c.render(page, { title: 'Security' })
}

function showCodes(c: Ctx, codes: string[], enrolled: boolean) {
  c.header('Cache-Control', 'no-store')
  return c.render(<RecoveryCodesPage codes={codes} enrolled={enrolled} />, {
    title: 'Recovery codes',
  })
}

/** Runs fn with the form's code; a wrong code re-renders the page with its message. */
async function withCode(
  c: Ctx,
  deps: Deps,
  fn: (code: string) => Promise<Response>,
): Promise<Response> {
  const form = validateForm(codeSchema, await readForm(c))
  if (!form.ok) return renderSecurity(c, deps, 422, form.fields.code)
  try {
    return await fn(form.data.code)
  } catch (err) {
    if (err instanceof ValidationError)
      return renderSecurity(c, deps, 422, err.fields.code ?? err.message)
    throw err
  }
}

export function securityRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const cookieOnly = requireSignedIn()

  app.get(SECURITY_PAGE, cookieOnly, (c) => renderSecurity(c, deps))

  app.post(`${SECURITY_PAGE}/enrol`, cookieOnly, async (c) => {
    const enrolment = await beginEnrolment(deps, secondFactorUser(c))
    c.header('Cache-Control', 'no-store')
    return c.render(<EnrolPage csrfToken={c.var.csrfToken} enrolment={enrolment} />, {
      title: 'Set up two-step verification',
    })
  })

  app.post(`${SECURITY_PAGE}/enrol/confirm`, cookieOnly, async (c) => {
    const form = validateForm(codeSchema, await readForm(c))
    const u = secondFactorUser(c)
    try {
      if (!form.ok) throw new ValidationError(form.fields)
      const { recoveryCodes } = await confirmEnrolment(deps, u, form.data.code)
      return showCodes(c, recoveryCodes, true)
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      // a wrong first code: a fresh secret and QR code, so a mistyped scan can be redone
      const enrolment = await beginEnrolment(deps, u)
      c.status(422)
      c.header('Cache-Control', 'no-store')
      return c.render(
        <EnrolPage
          csrfToken={c.var.csrfToken}
          enrolment={enrolment}
          error={`${err.fields.code ?? err.message} Scan the new code below.`}
        />,
        { title: 'Set up two-step verification' },
      )
    }
  })

  app.post(`${SECURITY_PAGE}/recovery-codes`, cookieOnly, (c) =>
    withCode(c, deps, async (code) =>
      showCodes(
        c,
        (await regenerateRecoveryCodes(deps, secondFactorUser(c), code)).recoveryCodes,
        false,
      ),
    ),
  )

  app.post(`${SECURITY_PAGE}/remove`, cookieOnly, (c) =>
    withCode(c, deps, async (code) => {
      await removeOwnSecondFactor(deps, secondFactorUser(c), code)
      setFlash(c, { kind: 'success', message: 'Two-step verification is off.' })
      return redirectTo(c, SECURITY_PAGE)
    }),
  )

  app.post(`${SECURITY_PAGE}/policy/tenant`, requireTenantRole('admin'), async (c) => {
    const form = validateForm(policySchema, await readForm(c))
    if (!form.ok) return renderSecurity(c, deps, 422, 'Choose required or optional.')
    const u = secondFactorUser(c)
    await setTenantSecondFactorPolicy(
      deps,
      u,
      c.var.session.activeTenantId,
      form.data.required === 'true',
    )
    setFlash(c, { kind: 'success', message: 'Second-factor policy of the tenant saved.' })
    return redirectTo(c, SECURITY_PAGE)
  })

  app.post(`${SECURITY_PAGE}/policy/appliance`, requireSuperAdmin(), async (c) => {
    const form = validateForm(policySchema, await readForm(c))
    if (!form.ok) return renderSecurity(c, deps, 422, 'Choose required or optional.')
    await setApplianceSecondFactorPolicy(deps, secondFactorUser(c), form.data.required === 'true')
    setFlash(c, { kind: 'success', message: 'Second-factor policy of the appliance saved.' })
    return redirectTo(c, SECURITY_PAGE)
  })
  return app
}
