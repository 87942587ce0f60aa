// "Forgot password" pages (/login/forgot, /login/reset/:token). Public: no session needed.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { ForgotPasswordPage, ResetPasswordPage } from '../../views/auth/password-reset-pages.tsx'
import type { Deps } from '../deps.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { AppEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { field, readForm, validateForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { newPasswordSchema, PASSWORD_MIN } from './password-policy.ts'
import {
  checkResetToken,
  completePasswordReset,
  refuseResetLink,
  requestPasswordReset,
  ResetRequestLimit,
} from './password-reset.ts'

const limits = new WeakMap<Deps, ResetRequestLimit>()
/** One limiter per appliance process, shared by the page and the JSON API. */
export function resetLimitFor(deps: Deps): ResetRequestLimit {
  let l = limits.get(deps)
  if (l === undefined) {
    l = new ResetRequestLimit(deps.clock)
    limits.set(deps, l)
  }
  return l
}

const resetSchema = z
  .object({ newPassword: newPasswordSchema, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: 'The two new passwords do not match.',
  })

const meta = (c: Context) => ({ ip: clientIp(c), userAgent: userAgent(c) })

export function passwordResetRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const auth = { title: 'Reset password', shell: 'auth' as const }

  app.get('/login/forgot', (c) =>
    c.render(<ForgotPasswordPage csrfToken={c.var.csrfToken} />, auth),
  )

  app.post('/login/forgot', async (c) => {
    const username = field(await readForm(c), 'username').trim()
    if (username === '' || username.length > 128) {
      c.status(422)
      const error = 'Enter your user name.'
      return c.render(<ForgotPasswordPage csrfToken={c.var.csrfToken} error={error} />, auth)
    }
    // the mail is not awaited: answering at once hides whether there was one to send
    await requestPasswordReset(deps, { username, meta: meta(c) }, resetLimitFor(deps))
    return c.render(<ForgotPasswordPage csrfToken={c.var.csrfToken} sent />, auth)
  })

  app.get('/login/reset/:token', async (c) => {
    const token = c.req.param('token')
    c.header('Referrer-Policy', 'no-referrer')
    const state = await checkResetToken(deps, token)
    if (!state.ok) c.status(410)
    const page = state.ok ? (
      <ResetPasswordPage
        csrfToken={c.var.csrfToken}
        token={token}
        username={state.username}
        minLength={PASSWORD_MIN}
      />
    ) : (
      <ResetPasswordPage
        csrfToken={c.var.csrfToken}
        token=""
        dead={state.message}
        minLength={PASSWORD_MIN}
      />
    )
    return c.render(page, auth)
  })

  app.post('/login/reset/:token', async (c) => {
    const token = c.req.param('token')
    c.header('Referrer-Policy', 'no-referrer')
    const form = validateForm(resetSchema, await readForm(c))
    const state = await checkResetToken(deps, token)
    const render = (status: 410 | 422, fields: Record<string, string>) => {
      c.status(status)
      return c.render(
        <ResetPasswordPage
          csrfToken={c.var.csrfToken}
          token={token}
          {...(state.ok ? { username: state.username } : { dead: state.message })}
          fields={fields}
          minLength={PASSWORD_MIN}
        />,
        auth,
      )
    }
    if (!state.ok) {
      await refuseResetLink(deps, meta(c))
      return render(410, {})
    }
    if (!form.ok) return render(422, form.fields)
    const r = await completePasswordReset(deps, {
      token,
      newPassword: form.data.newPassword,
      meta: meta(c),
    })
    if (!r.ok) return render(r.fields._form === undefined ? 422 : 410, r.fields)
    setFlash(c, { kind: 'success', message: 'Password changed. Sign in with the new one.' })
    return redirectTo(c, '/login')
  })

  return app
}
