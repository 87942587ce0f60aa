// Tenant admins' key-use page (/key-use) and its CSV export (issue 19).
import { Hono, type Context } from 'hono'
import { KeyUsePageView } from '../../views/privacy/key-use-page.tsx'
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

  return app
}
