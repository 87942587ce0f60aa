// Pages of maintenance windows: the list (with the tenant's time zone), the create/edit form,
// delete, and the "in maintenance" mark the device page loads.
import { Hono, type Context } from 'hono'
import { MaintenanceForm } from '../../views/maintenance/maintenance-form.tsx'
import {
  MaintenanceBadge,
  MaintenanceListPage,
} from '../../views/maintenance/maintenance-list-page.tsx'
import type { Deps } from '../deps.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { formAction } from '../http/form-action.ts'
import { parseForm } from '../http/forms.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { maintenanceCtx, roleAtLeast } from './route-ctx.ts'
import {
  changeTimeZone,
  changeWindow,
  createWindow,
  getWindowView,
  listWindowViews,
  maintenanceOfDevice,
  removeWindow,
} from './maintenance.service.ts'
import { timeZoneSchema, windowFormSchema } from './maintenance.schema.ts'

export function maintenanceRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const ctx = (c: Context<TenantEnv>) => maintenanceCtx(c, deps)
  const list = async (c: Context<TenantEnv>, error?: string) => {
    const { windows, timeZone } = await listWindowViews(ctx(c))
    return c.render(
      <MaintenanceListPage
        windows={windows}
        timeZone={timeZone}
        canOperate={roleAtLeast(c, 'operator')}
        canAdmin={roleAtLeast(c, 'admin')}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
        error={error}
      />,
      { title: 'Maintenance windows' },
    )
  }
  const form = async (
    c: Context<TenantEnv>,
    action: string,
    windowId: string | undefined,
    state?: Parameters<typeof MaintenanceForm>[0]['state'],
  ) => {
    const { options, timeZone } = await listWindowViews(ctx(c))
    const w = windowId === undefined ? undefined : await getWindowView(ctx(c), windowId)
    return c.render(
      <MaintenanceForm
        action={action}
        window={w}
        options={options}
        timeZone={timeZone}
        csrfToken={c.var.csrfToken}
        state={state}
      />,
      { title: w === undefined ? 'New maintenance window' : `Edit ${w.name}` },
    )
  }

  app.get('/maintenance', ...viewer, (c) => list(c))
  app.get('/maintenance/new', ...operator, (c) => form(c, '/maintenance', undefined))
  app.post('/maintenance', ...operator, async (c) => {
    const r = await formAction(c, windowFormSchema, (input) => createWindow(ctx(c), input))
    if (r.ok) return c.redirect('/maintenance', 303)
    c.status(422)
    return form(c, '/maintenance', undefined, r.state)
  })
  app.post('/maintenance/time-zone', requireTenantRole('admin'), async (c) => {
    const { timeZone } = await parseForm(c, timeZoneSchema)
    await changeTimeZone(ctx(c), timeZone)
    return c.redirect('/maintenance', 303)
  })
  app.get('/maintenance/:windowId/edit', ...operator, async (c) => {
    const id = c.req.param('windowId') ?? ''
    return form(c, `/maintenance/${id}`, id)
  })
  app.post('/maintenance/:windowId', ...operator, async (c) => {
    const id = c.req.param('windowId') ?? ''
    await getWindowView(ctx(c), id) // 404 before reading the form
    const r = await formAction(c, windowFormSchema, (input) => changeWindow(ctx(c), id, input))
    if (r.ok) return c.redirect('/maintenance', 303)
    c.status(422)
    return form(c, `/maintenance/${id}`, id, r.state)
  })
  app.post('/maintenance/:windowId/delete', ...operator, async (c) => {
    await removeWindow(ctx(c), c.req.param('windowId') ?? '')
    return c.redirect('/maintenance', 303)
  })
  // loaded by the device page header (htmx), so every tab shows the mark without knowing about windows
  app.get('/devices/:deviceId/maintenance-badge', ...viewer, async (c) => {
    return c.html(
      <MaintenanceBadge
        window={await maintenanceOfDevice(ctx(c), c.req.param('deviceId') ?? '')}
      />,
    )
  })
  return app
}
