// GET /devices/cells?ids=…: the live cells of the device table (issue 15). live.js asks for the
// devices a poll notice names and replaces only those cells, so the rows, their checkboxes and
// links stay the elements the user is clicking.
import { Hono } from 'hono'
import { DeviceCells } from '../../views/devices/device-rows.tsx'
import type { AppEnv } from '../http/env.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { deviceCells, parseCellIds } from './device-cells.ts'
import type { DevicesDeps } from './devices.service.ts'

export function deviceCellsRoutes(deps: DevicesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/devices/cells', requireTenantRole('viewer'), async (c) => {
    const rows = await deviceCells(c.var.scope, parseCellIds(c.req.query('ids')))
    c.header('Cache-Control', 'no-store')
    return c.html(
      <DeviceCells rows={rows} now={deps.clock.now()} timeZone={c.var.session.timeZone} />,
    )
  })
  return app
}
