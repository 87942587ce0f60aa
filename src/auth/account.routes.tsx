// The signed-in user's own account: overview and password change (voluntary or forced).
import { Hono, type Context } from 'hono'
import { AccountPage } from '../../views/account/account-page.tsx'
import { PasswordPage } from '../../views/account/password-page.tsx'
import type { Deps } from '../deps.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { AppEnv, SessionEnv, SessionInfo } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, validateForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireSignedIn } from '../http/middleware/require-role.ts'
import { setSessionCookies } from '../http/session-cookies.ts'
import { AccountThrottle } from './account-throttle.ts'
import { changePassword, passwordChangedAt } from './change-password.ts'
import { changePasswordSchema, PASSWORD_MIN } from './password-policy.ts'
import { shouldOfferSetup } from '../setup/index.ts'
import { ValidationError } from '../http/errors.ts'
import { timeZoneNames } from '../lib/time-zone.ts'
import { setUserTimeZone } from './time-zone.service.ts'
import { field } from '../http/forms.ts'
import { ownEmail, setOwnEmail } from './account-email.ts'

function renderPassword(
  c: Context<SessionEnv>,
  s: SessionInfo,
  status: 200 | 422 | 429,
  fields?: Record<string, string>,
) {
  c.status(status)
  const forced = s.mustChangePassword
  return c.render(
    <PasswordPage
      csrfToken={c.var.csrfToken}
      fields={fields}
      minLength={PASSWORD_MIN}
      forced={forced}
      username={s.username}
    />,
    { title: forced ? 'Choose a new password' : 'Change password', shell: forced ? 'auth' : 'app' },
  )
}

export function accountRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const throttle = new AccountThrottle(deps.clock)

  async function renderAccount(
    c: Context<SessionEnv>,
    zoneError?: string,
    zone?: string,
    email?: { value: string; error: string },
  ) {
    const s = c.var.session
    const changedAt = await passwordChangedAt(deps, s.userId)
    const page = (
      <AccountPage
        session={s}
        passwordChangedAt={changedAt}
        now={deps.clock.now()}
        csrfToken={c.var.csrfToken}
        timeZones={timeZoneNames()}
        timeZone={zone ?? s.timeZone ?? 'UTC'}
        timeZoneError={zoneError}
        privacy={{
          csrfToken: c.var.csrfToken,
          email: await ownEmail(deps, s.userId),
          emailForm: email,
        }}
      />
    )
    if (zoneError !== undefined || email !== undefined) c.status(422)
    return c.render(page, { title: 'Account' })
  }

  app.get('/account', requireSignedIn(), (c) => renderAccount(c))

  // the user's time zone for charts and exact times (issue 15)
  app.post('/account/time-zone', requireSignedIn(), async (c) => {
    const form = await readForm(c)
    const zone = typeof form.timeZone === 'string' ? form.timeZone : ''
    try {
      await setUserTimeZone(deps, c.var.session.userId, zone)
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      return renderAccount(c, err.fields.timeZone ?? err.message, zone.slice(0, 64))
    }
    setFlash(c, { kind: 'success', message: `Times are now shown in ${zone.trim()}.` })
    return redirectTo(c, '/account')
  })

  // the e-mail address for password reset links (issue 19)
  app.post('/account/email', requireSignedIn(), async (c) => {
    const s = c.var.session
    const raw = field(await readForm(c), 'email')
    try {
      await setOwnEmail(deps, s.userId, raw, { ip: clientIp(c), userAgent: userAgent(c) })
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      return renderAccount(c, undefined, undefined, {
        value: raw,
        error: err.fields.email ?? 'Invalid.',
      })
    }
    setFlash(c, {
      kind: 'success',
      message: raw.trim() === '' ? 'E-mail address removed.' : 'E-mail address saved.',
    })
    return redirectTo(c, '/account')
  })

  app.get('/account/password', requireSignedIn(), (c) => renderPassword(c, c.var.session, 200))

  app.post('/account/password', requireSignedIn(), async (c) => {
    const s = c.var.session
    const form = validateForm(changePasswordSchema, await readForm(c))
    if (!form.ok) return renderPassword(c, s, 422, form.fields)
    const input = {
      userId: s.userId,
      activeTenantId: s.activeTenantId,
      currentPassword: form.data.currentPassword,
      newPassword: form.data.newPassword,
      meta: { ip: clientIp(c), userAgent: userAgent(c) },
    }
    const result = await changePassword(deps, input, throttle)
    if (!result.ok && result.retryAfterSeconds !== undefined) {
      c.header('Retry-After', String(result.retryAfterSeconds))
      return renderPassword(c, s, 429, result.fields)
    }
    if (!result.ok) return renderPassword(c, s, 422, result.fields)
    setSessionCookies(c, result.tokens, deps.clock.now())
    setFlash(c, { kind: 'success', message: 'Password changed. Other sessions were signed out.' })
    // a new appliance's first super admin goes on to the setup wizard (issue 17)
    const setup = s.isSuperAdmin && s.mustChangePassword && (await shouldOfferSetup(deps))
    return redirectTo(c, setup ? '/setup' : '/')
  })

  return app
}
