// /api/v1/devices: the device table, add, read, edit, enable/disable, check, delete, CSV export
// and import, bulk edit. Each route calls the same DEVICES service function as its page, with
// the same role, so a rule a service enforces holds for both.
import { z } from 'zod'
import {
  addDevice,
  addDevices,
  bulkEditDevices,
  checkStoredDevice,
  deviceCtx,
  deviceFormValues,
  exportDevicesCsv,
  getDevice,
  importDevicesCsv,
  listDevices,
  removeDevice,
  setDeviceEnabled,
  updateDeviceSettings,
  type DevicesDeps,
} from '../devices/index.ts'
import { ValidationError } from '../http/errors.ts'
import { readJson } from '../http/json-body.ts'
import type { ApiRouter } from './api-router.ts'
import {
  deviceBulkApi,
  deviceCreateApi,
  deviceJson,
  deviceListQueryApi,
  deviceUpdateApi,
} from './device-json.ts'
import { CheckFailedError, formParse } from './form-parse.ts'
import { wrap } from './schemas/common.ts'
import { checkSchema, deviceListSchema, deviceSchema } from './schemas/devices.ts'

const MAX_BATCH = 1000
const MAX_CSV_CHARS = 5 * 1024 * 1024
const BATCH_MESSAGE = `Send a JSON array of 1 to ${MAX_BATCH} devices.`

const batchBody = z
  .array(deviceCreateApi.schema, { error: BATCH_MESSAGE })
  .min(1, { error: BATCH_MESSAGE })
  .max(MAX_BATCH, { error: BATCH_MESSAGE })
const singleBody = deviceCreateApi.schema.extend({
  saveAnyway: z.boolean().optional().describe('save even when the connection check fails'),
})
const patchBody = deviceUpdateApi.partial.extend({
  saveAnyway: z.boolean().optional().describe('save even when the connection check fails'),
  sendStoredCredentials: z
    .boolean()
    .optional()
    .describe(
      'admin only: send the stored credentials to a changed endpoint without re-entering them (audited); never allowed when transport security is weakened',
    ),
})
const listQuery = z.object(deviceListQueryApi.schema.shape)
const importBody = z.strictObject({
  csv: z
    .string({ error: 'Send the CSV text in csv.' })
    .max(MAX_CSV_CHARS, { error: 'The text is larger than 5 MB.' }),
})

export function devicesApi(api: ApiRouter, deps: DevicesDeps): void {
  const tag = 'Devices'
  const device = wrap('device', deviceSchema)
  const withCheck = z.object({ device: deviceSchema, check: checkSchema.optional() })

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices',
      tag,
      role: 'viewer',
      summary: 'List devices (filtered, sorted, paged)',
      description: '`pageSize` 10–500 (default 500).',
      query: listQuery,
      responses: { 200: deviceListSchema },
    },
    async (c) => {
      const query = formParse(deviceListQueryApi, { pageSize: '500', ...c.req.query() })
      const { page } = await listDevices(deviceCtx(c, deps), query)
      const q = page.query
      return c.json({
        devices: page.rows.map(deviceJson),
        total: page.total,
        page: q.page,
        pageSize: q.per_page,
        pageCount: page.pageCount,
        hasMore: q.page < page.pageCount,
      })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices',
      tag,
      role: 'operator',
      summary: 'Add a device (checked first, like the form), or 1 to 1000 at once',
      description:
        'A JSON object adds one device exactly as the Add form does: Outpost connects first and answers 422 `check_failed` unless `saveAnyway`. A JSON array adds them all or none, without a live check (the poller checks them on the first poll); item errors are keyed `<index>.<field>`.',
      body: z.union([singleBody, batchBody]),
      responses: { 201: z.union([withCheck, wrap('devices', z.array(deviceSchema))]) },
    },
    async (c) => {
      const raw: unknown = await c.req.json().catch(() => undefined)
      if (!Array.isArray(raw)) {
        const { saveAnyway, ...fields } = await readJson(c, singleBody)
        const input = formParse(deviceCreateApi, fields)
        const r = await addDevice(deviceCtx(c, deps), input, {
          check: true,
          saveAnyway: saveAnyway === true,
        })
        if (!r.ok) throw new CheckFailedError(r.check)
        return c.json({ device: deviceJson(r.device), ...(r.check ? { check: r.check } : {}) }, 201)
      }
      const items = await readJson(c, batchBody)
      const errors: Record<string, string> = {}
      const inputs = items.map((item, i) => {
        try {
          return formParse(deviceCreateApi, item)
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err
          for (const [k, m] of Object.entries(err.fields)) errors[`${i}.${k}`] ??= m
          return undefined
        }
      })
      if (Object.keys(errors).length > 0) throw new ValidationError(errors)
      const added = await addDevices(
        deviceCtx(c, deps),
        inputs.filter((d) => d !== undefined),
      )
      return c.json({ devices: added.map(deviceJson) }, 201)
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/export.csv',
      tag,
      role: 'viewer',
      summary: 'Export the (filtered) table as CSV, without credentials',
      query: listQuery,
      responses: { 200: 'csv' },
    },
    async (c) => {
      const text = await exportDevicesCsv(
        deviceCtx(c, deps),
        formParse(deviceListQueryApi, c.req.query()),
      )
      c.header('Content-Type', 'text/csv; charset=utf-8')
      c.header('Content-Disposition', 'attachment; filename="devices.csv"')
      return c.body(text)
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/import',
      tag,
      role: 'operator',
      summary: 'Import CSV (all or nothing; rows matched by name)',
      description: 'Row errors come back as `fields` keyed `<line>.<column>`.',
      body: importBody,
      responses: { 200: z.object({ created: z.number().int(), updated: z.number().int() }) },
    },
    async (c) => {
      const { csv } = await readJson(c, importBody)
      const r = await importDevicesCsv(deviceCtx(c, deps), csv)
      if (!r.ok) {
        const fields: Record<string, string> = {}
        for (const e of r.errors) fields[`${e.line}.${e.field ?? '_row'}`] ??= e.message
        throw new ValidationError(fields, 'The file has errors; nothing was imported.')
      }
      return c.json({ created: r.created, updated: r.updated })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/bulk',
      tag,
      role: 'operator',
      summary: 'Bulk edit: site, tags, groups, enabled, poll interval',
      body: deviceBulkApi.schema,
      responses: { 200: z.object({ updated: z.number().int() }) },
    },
    async (c) => {
      const input = formParse(deviceBulkApi, await readJson(c, deviceBulkApi.schema))
      return c.json(await bulkEditDevices(deviceCtx(c, deps), input))
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId',
      tag,
      role: 'viewer',
      summary: 'Read a device',
      responses: { 200: device },
    },
    async (c) => {
      return c.json({
        device: deviceJson(await getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')),
      })
    },
  )

  api.tenantRoute(
    {
      method: 'patch',
      path: '/devices/:deviceId',
      tag,
      role: 'operator',
      summary: 'Edit a device (only the fields sent change)',
      description:
        'Like the edit form: when the connection settings or the login change, Outpost connects first and answers 422 `check_failed` unless `saveAnyway`. `username`/`password` left out keep the stored ones; a changed endpoint (host, second address, ports, transport, TLS mode, fingerprint/CA) needs them re-entered, or `sendStoredCredentials` from an admin.',
      body: patchBody,
      responses: { 200: withCheck },
    },
    async (c) => {
      const ctx = deviceCtx(c, deps)
      const current = await getDevice(ctx, c.req.param('deviceId') ?? '')
      const { saveAnyway, sendStoredCredentials, ...patch } = await readJson(c, patchBody)
      // the stored settings, then what the caller sent: the form schema sees a whole form
      const stored = await deviceFormValues(ctx, current.id)
      const merged = { ...stored, is_enabled: current.isEnabled, ...deviceUpdateApi.toForm(patch) }
      const input = formParse(deviceUpdateApi, merged, true)
      const r = await updateDeviceSettings(ctx, current.id, input, {
        check: true,
        saveAnyway: saveAnyway === true,
        sendStoredCredentials: sendStoredCredentials === true,
      })
      if (!r.ok) throw new CheckFailedError(r.check)
      return c.json({ device: deviceJson(r.device), ...(r.check ? { check: r.check } : {}) })
    },
  )

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    api.tenantRoute(
      {
        method: 'post',
        path: `/devices/:deviceId/${verb}`,
        tag,
        role: 'operator',
        summary: `${enabled ? 'Enable' : 'Disable'} polling of a device`,
        responses: { 200: device },
      },
      async (c) => {
        return c.json({
          device: deviceJson(
            await setDeviceEnabled(deviceCtx(c, deps), c.req.param('deviceId') ?? '', enabled),
          ),
        })
      },
    )
  }

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/:deviceId/check',
      tag,
      role: 'operator',
      summary: 'Check now: connect with the stored settings',
      description:
        'A failed connection is a 200 with `check.ok: false` and the reason in plain words.',
      responses: { 200: z.object({ device: deviceSchema, check: checkSchema }) },
    },
    async (c) => {
      const { device: d, check } = await checkStoredDevice(
        deviceCtx(c, deps),
        c.req.param('deviceId') ?? '',
      )
      return c.json({ device: deviceJson(d), check })
    },
  )

  api.tenantRoute(
    {
      method: 'delete',
      path: '/devices/:deviceId',
      tag,
      role: 'operator',
      summary: 'Delete a device',
      responses: { 204: null },
    },
    async (c) => {
      await removeDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')
      return c.body(null, 204)
    },
  )
}
