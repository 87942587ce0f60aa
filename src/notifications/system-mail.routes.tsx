// Super admin page for the appliance's own SMTP server (/settings/mail): settings and a test send.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { MailPage } from '../../views/settings/mail-page.tsx'
import type { Deps } from '../deps.ts'
import type { AppEnv, SessionEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { formAction } from '../http/form-action.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireSuperAdmin } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import { ValidationError } from '../lib/errors.ts'
import type { FormState } from '../../views/tenants/form-state.ts'
import { emailAddress } from './senders/smtp.ts'
import { DeliveryError } from './senders/sender.ts'
import { readSystemMail, saveSystemMail, sendSystemMail, systemMailSchema } from './system-mail.ts'

const PAGE = '/settings/mail'
const testSchema = z.object({ to: emailAddress })

async function render(
  c: Context<SessionEnv>,
  deps: Deps,
  status: 200 | 422,
  forms: { form?: FormState; test?: FormState } = {},
) {
  const view = await readSystemMail(deps)
  c.status(status)
  const current = view && {
    ...view.settings,
    linkBase: view.linkBase,
    hasPassword: view.hasPassword,
  }
  return c.render(
    <MailPage
      csrfToken={c.var.csrfToken}
      current={current}
      defaultLinkBase={deps.config.publicUrl}
      {...forms}
    />,
    { title: 'System mail' },
  )
}

export function systemMailRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const superAdmin = requireSuperAdmin()

  app.get(PAGE, superAdmin, (c) => render(c, deps, 200))

  app.post(PAGE, superAdmin, async (c) => {
    const r = await formAction(c, systemMailSchema, (d) => saveSystemMail(deps, actorOf(c), d))
    if (!r.ok) return render(c, deps, 422, { form: r.state })
    setFlash(c, { kind: 'success', message: 'System mail saved.' })
    return redirectTo(c, PAGE)
  })

  app.post(`${PAGE}/test`, superAdmin, async (c) => {
    const r = await formAction(c, testSchema, async (d) => {
      try {
        await sendSystemMail(deps, {
          to: [d.to],
          subject: 'Outpost test message',
          text: 'This is a test message from Outpost. System mail works.\n',
        })
      } catch (err) {
        if (err instanceof DeliveryError) throw new ValidationError({ _form: err.message })
        throw err
      }
    })
    if (!r.ok) return render(c, deps, 422, { test: r.state })
    setFlash(c, { kind: 'success', message: 'Test message sent.' })
    return redirectTo(c, PAGE)
  })

  return app
}
