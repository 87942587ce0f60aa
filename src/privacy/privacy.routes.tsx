// Tenant admins' key-use page (/key-use) and its CSV export (issue 19).
import { Hono, type Context } from 'hono'
import { KeyUsePageView } from '../../views/privacy/key-use-page.tsx'
import { DeleteAccountPage, DeletionReceiptView } from '../../views/privacy/deletion-receipt.tsx'
import { AccountThrottle } from '../auth/index.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import { field, readForm } from '../http/forms.ts'
import { clearSessionCookies } from '../http/session-cookies.ts'
import { ForbiddenError } from '../lib/errors.ts'
import { deleteOwnAccount } from './account-deletion.service.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { requireSignedIn, requireTenantRole } from '../http/middleware/require-role.ts'
import { ValidationError } from '../lib/errors.ts'
import { keyUseCsv, listKeyUse, parseKeyUseQuery } from './key-use.service.ts'
import { exportPersonalData } from './personal-data.service.ts'

export function privacyRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const admin = requireTenantRole('admin')

  const filterOf = (c: Context<TenantEnv>) => parseKeyUseQuery(c.req.query(), deps.clock.now())

  app.get('/key-use', admin, async (c) => {
    const raw = c.req.query()
    const csvHref = `/key-use.csv${new URL(c.req.url).search}`
    try {
      const filter = filterOf(c)
      const data = await listKeyUse(deps, c.var.scope, filter)
      return c.render(<KeyUsePageView data={data} filter={filter} csvHref={csvHref} />, {
        title: 'Key use',
      })
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      c.status(422)
      const filter = {
        from: raw.from ?? '',
        to: raw.to ?? '',
        purpose: raw.purpose ?? '',
        actor: raw.actor ?? '',
        unusual: raw.unusual === 'true',
      }
      const empty = { rows: [], truncated: false, purposes: [] }
      return c.render(
        <KeyUsePageView
          data={empty}
          filter={filter}
          fields={{ ...err.fields }}
          csvHref={csvHref}
        />,
        { title: 'Key use' },
      )
    }
  })

  app.get('/key-use.csv', admin, async (c) => {
    const data = await listKeyUse(deps, c.var.scope, filterOf(c))
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', 'attachment; filename="key-use.csv"')
    return c.body(keyUseCsv(data.rows))
  })

  // Art. 15/20: the signed-in user's own data, as a download
  app.get('/account/export', requireSignedIn(), async (c) => {
    const data = await exportPersonalData(deps, c.var.session.userId)
    c.header('Content-Type', 'application/json; charset=utf-8')
    c.header(
      'Content-Disposition',
      `attachment; filename="outpost-my-data-${c.var.session.username}.json"`,
    )
    c.header('Cache-Control', 'no-store')
    return c.body(JSON.stringify(data, null, 2))
  })

  // Art. 17: the signed-in user deletes their own account (password confirmed)
  const deletions = new AccountThrottle(deps.clock)
  app.get('/account/delete', requireSignedIn(), (c) =>
    c.render(<DeleteAccountPage csrfToken={c.var.csrfToken} />, { title: 'Delete my account' }),
  )
  app.post('/account/delete', requireSignedIn(), async (c) => {
    const password = field(await readForm(c), 'password')
    const meta = { ip: clientIp(c), userAgent: userAgent(c) }
    const title = { title: 'Delete my account' }
    try {
      const input = { userId: c.var.session.userId, password, meta }
      const receipt = await deleteOwnAccount(deps, input, deletions)
      clearSessionCookies(c)
      c.header('Cache-Control', 'no-store')
      const view = <DeletionReceiptView receipt={receipt} who="Your account was" />
      return c.render(view, { title: 'Account deleted', shell: 'auth' })
    } catch (err) {
      if (err instanceof ValidationError) {
        c.status(422)
        const error = err.fields.password ?? err.message
        return c.render(<DeleteAccountPage csrfToken={c.var.csrfToken} error={error} />, title)
      }
      if (err instanceof ForbiddenError) {
        c.status(403)
        const page = <DeleteAccountPage csrfToken={c.var.csrfToken} refusal={err.message} />
        return c.render(page, title)
      }
      throw err
    }
  })

  return app
}
