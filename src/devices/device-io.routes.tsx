// CSV import/export and bulk edit of the device table.
import { Hono } from 'hono'
import { DeviceImportPage } from '../../views/devices/device-import-page.tsx'
import type { AppEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { readBody, readForm, validateForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { safeLocalPath } from '../http/safe-path.ts'
import { bulkEditDevices } from './device-bulk.service.ts'
import { exportDevicesCsv, importDevicesCsv } from './device-csv.service.ts'
import { deviceBulkSchema, deviceListQuerySchema } from './devices.schema.ts'
import type { DevicesDeps } from './devices.service.ts'
import { deviceCtx } from './route-ctx.ts'

/** Uploads larger than this are refused before parsing (10,000 rows fit comfortably). */
const MAX_CSV_BYTES = 5 * 1024 * 1024

async function csvText(body: Record<string, unknown>): Promise<string> {
  const file = body.file
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CSV_BYTES)
      throw new ValidationError({ file: 'The file is larger than 5 MB.' })
    return file.text()
  }
  const text = typeof body.csv === 'string' ? body.csv : ''
  if (text.length > MAX_CSV_BYTES)
    throw new ValidationError({ csv: 'The text is larger than 5 MB.' })
  return text
}

export function deviceIoRoutes(deps: DevicesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const

  app.get('/devices/export.csv', ...viewer, async (c) => {
    const query = deviceListQuerySchema.parse(c.req.query())
    const text = await exportDevicesCsv(deviceCtx(c, deps), query)
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', 'attachment; filename="devices.csv"')
    return c.body(text)
  })

  app.get('/devices/import', ...operator, (c) =>
    c.render(<DeviceImportPage csrfToken={c.var.csrfToken} />, { title: 'Import devices' }),
  )

  app.post('/devices/import', ...operator, async (c) => {
    const text = await csvText(await readBody(c))
    const result = await importDevicesCsv(deviceCtx(c, deps), text)
    if (!result.ok) {
      c.status(422)
      // The pasted text is not echoed back: it may hold device passwords.
      const page = <DeviceImportPage csrfToken={c.var.csrfToken} result={result} />
      return c.render(page, { title: 'Import devices' })
    }
    setFlash(c, {
      kind: 'success',
      message: `Imported: ${result.created} added, ${result.updated} updated.`,
    })
    return redirectTo(c, '/devices')
  })

  app.post('/devices/bulk', ...operator, async (c) => {
    const form = validateForm(deviceBulkSchema, await readForm(c))
    const back = safeLocalPath(form.values.return_to, '/devices')
    const to = back.startsWith('/devices') ? back : '/devices'
    // a refused bulk edit goes back to the table with the reason; nothing was changed
    const refused = (fields: Readonly<Record<string, string>>) => {
      setFlash(c, { kind: 'error', message: Object.values(fields).join(' ') })
      return redirectTo(c, to)
    }
    if (!form.ok) return refused(form.fields)
    const r = await bulkEditDevices(deviceCtx(c, deps), form.data).catch((err: unknown) => {
      if (err instanceof ValidationError) return err
      throw err
    })
    if (r instanceof ValidationError) return refused(r.fields)
    setFlash(c, { kind: 'success', message: `Updated ${r.updated} devices.` })
    return redirectTo(c, to)
  })

  return app
}
