// Device pages: table, add (with a live check), show, edit, enable/disable, delete.
import { Hono, type Context } from 'hono'
import { DeviceFormPage } from '../../views/devices/device-form-page.tsx'
import { DeviceForm, type DeviceFormProps } from '../../views/devices/device-form.tsx'
import { DeviceListPage } from '../../views/devices/device-list-page.tsx'
import { OverviewLoader } from '../../views/devices/detail/overview-panels.tsx'
import { DevicePage } from '../../views/devices/device-page.tsx'
import { DeviceRows } from '../../views/devices/device-rows.tsx'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, safeValues, validateForm, type FormValues } from '../http/forms.ts'
import { isPartial, redirectTo, vary } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { deviceFormValues, NEW_DEVICE_VALUES } from './device-form-values.ts'
import { deviceCreateSchema, deviceListQuerySchema, deviceUpdateSchema } from './devices.schema.ts'
import {
  addDevice,
  deviceOptions,
  getDevice,
  listDevices,
  updateDeviceSettings,
  type DevicesDeps,
  type SaveResult,
} from './devices.service.ts'
import {
  checkStoredDevice,
  deviceFormValues as storedFormValues,
  removeDevice,
  setDeviceEnabled,
} from './device-state.service.ts'
import { acceptDeviceHostKey } from './device-host-key.service.ts'
import { canEditDevices, deviceCtx, isDeviceAdmin } from './route-ctx.ts'
import { devicesInMaintenance } from '../maintenance/index.ts'
import { listCredentialProfiles } from '../credential-profiles/index.ts'

type FormState = Pick<DeviceFormProps, 'values' | 'errors' | 'check'>

async function renderForm(
  c: Context<TenantEnv>,
  deps: DevicesDeps,
  mode: 'create' | 'edit',
  action: string,
  state: FormState,
  status: 200 | 422,
) {
  const options = await deviceOptions(deviceCtx(c, deps))
  const canForward = mode === 'edit' && isDeviceAdmin(c)
  const profiles = await listCredentialProfiles(c.var.scope)
  const props: DeviceFormProps = {
    mode,
    action,
    options,
    profiles: profiles.map((p) => ({ id: p.id, name: p.name })),
    csrfToken: c.var.csrfToken,
    canForwardCredentials: canForward,
    ...state,
  }
  vary(c)
  if (isPartial(c)) return c.html(<DeviceForm {...props} />, status)
  c.status(status)
  return c.render(
    <DeviceFormPage {...props} title={mode === 'create' ? 'Add device' : 'Edit device'} />,
    {
      title: mode === 'create' ? 'Add device' : 'Edit device',
    },
  )
}

function savedMessage(verb: string, r: Extract<SaveResult, { ok: true }>): string {
  const c = r.check
  const facts = c?.ok ? ` — ${c.identity}, ${c.board}, RouterOS ${c.version}` : ''
  return `${verb} ${r.device.name}${facts}.`
}

/** Runs a save; field errors and a failed check re-render the form with 422. */
async function save(
  c: Context<TenantEnv>,
  deps: DevicesDeps,
  mode: 'create' | 'edit',
  action: string,
  values: FormValues,
  run: () => Promise<SaveResult>,
) {
  try {
    const r = await run()
    if (!r.ok)
      return renderForm(
        c,
        deps,
        mode,
        action,
        { values: safeValues(values), errors: {}, check: r.check },
        422,
      )
    setFlash(c, {
      kind: 'success',
      message: savedMessage(mode === 'create' ? 'Added' : 'Saved', r),
    })
    return redirectTo(c, `/devices/${r.device.id}`)
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err
    return renderForm(
      c,
      deps,
      mode,
      action,
      { values: safeValues(values), errors: { ...err.fields } },
      422,
    )
  }
}

export function deviceRoutes(deps: DevicesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const

  app.get('/devices', ...viewer, async (c) => {
    const query = deviceListQuerySchema.parse(c.req.query())
    const { page, options, fleetEmpty } = await listDevices(deviceCtx(c, deps), query)
    const canEdit = canEditDevices(c)
    const now = deps.clock.now()
    // maintenance windows (issue 13): devices inside a window are marked in the table
    const maintenance = await devicesInMaintenance(
      c.var.deps,
      c.var.scope,
      page.rows.map((d) => d.id),
    )
    vary(c)
    if (isPartial(c))
      return c.html(
        <DeviceRows
          page={page}
          selectable={canEdit}
          now={now}
          fleetEmpty={fleetEmpty}
          maintenance={maintenance}
          timeZone={c.var.session.timeZone}
        />,
      )
    const props = {
      page,
      options,
      canEdit,
      fleetEmpty,
      csrfToken: c.var.csrfToken,
      now,
      maintenance,
      profiles: isDeviceAdmin(c) ? await listCredentialProfiles(c.var.scope) : undefined,
      timeZone: c.var.session.timeZone,
    }
    return c.render(<DeviceListPage {...props} />, { title: 'Devices' })
  })

  app.get('/devices/new', ...operator, (c) =>
    renderForm(c, deps, 'create', '/devices', { values: NEW_DEVICE_VALUES, errors: {} }, 200),
  )

  app.post('/devices', ...operator, async (c) => {
    const values = deviceFormValues(await readForm(c))
    const form = validateForm(deviceCreateSchema, values)
    if (!form.ok)
      return renderForm(
        c,
        deps,
        'create',
        '/devices',
        { values: form.values, errors: form.fields },
        422,
      )
    const opts = { check: true, saveAnyway: values.save_anyway === 'on' }
    return save(c, deps, 'create', '/devices', values, () =>
      addDevice(deviceCtx(c, deps), form.data, opts),
    )
  })

  app.get('/devices/:deviceId', ...viewer, async (c) => {
    const device = await getDevice(deviceCtx(c, deps), c.req.param('deviceId'))
    const page = (
      <DevicePage
        device={device}
        canEdit={canEditDevices(c)}
        canAdmin={isDeviceAdmin(c)}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
      >
        <OverviewLoader deviceId={device.id} />
      </DevicePage>
    )
    return c.render(page, { title: device.name })
  })

  app.get('/devices/:deviceId/edit', ...operator, async (c) => {
    const id = c.req.param('deviceId')
    const values = await storedFormValues(deviceCtx(c, deps), id)
    return renderForm(c, deps, 'edit', `/devices/${id}`, { values, errors: {} }, 200)
  })

  app.post('/devices/:deviceId', ...operator, async (c) => {
    const ctx = deviceCtx(c, deps)
    const device = await getDevice(ctx, c.req.param('deviceId'))
    const action = `/devices/${device.id}`
    const values = deviceFormValues(await readForm(c))
    const form = validateForm(deviceUpdateSchema, values)
    if (!form.ok)
      return renderForm(c, deps, 'edit', action, { values: form.values, errors: form.fields }, 422)
    const opts = {
      check: true,
      saveAnyway: values.save_anyway === 'on',
      sendStoredCredentials: values.send_stored_credentials === 'on',
    }
    return save(c, deps, 'edit', action, values, () =>
      updateDeviceSettings(ctx, device.id, form.data, opts),
    )
  })

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(`/devices/:deviceId/${verb}`, ...operator, async (c) => {
      const device = await setDeviceEnabled(deviceCtx(c, deps), c.req.param('deviceId'), enabled)
      setFlash(c, {
        kind: 'success',
        message: `${device.name} ${enabled ? 'enabled' : 'disabled'}.`,
      })
      return redirectTo(c, `/devices/${device.id}`)
    })
  }

  app.post('/devices/:deviceId/check', ...operator, async (c) => {
    const { device, check } = await checkStoredDevice(deviceCtx(c, deps), c.req.param('deviceId'))
    const message = check.ok
      ? `${device.name} answered: ${check.identity}, ${check.board}, RouterOS ${check.version}.`
      : `${device.name}: ${check.message}`
    setFlash(c, { kind: check.ok ? 'success' : 'error', message })
    return redirectTo(c, `/devices/${device.id}`)
  })

  // the key is sent back so an admin accepts exactly the key they saw, never a newer one
  app.post('/devices/:deviceId/ssh-host-key/accept', requireTenantRole('admin'), async (c) => {
    const offered = (await readForm(c)).host_key
    const device = await acceptDeviceHostKey(
      deviceCtx(c, deps),
      c.req.param('deviceId'),
      typeof offered === 'string' ? offered : '',
    )
    setFlash(c, { kind: 'success', message: `Accepted the new SSH host key of ${device.name}.` })
    return redirectTo(c, `/devices/${device.id}`)
  })

  app.post('/devices/:deviceId/delete', ...operator, async (c) => {
    const ctx = deviceCtx(c, deps)
    const device = await getDevice(ctx, c.req.param('deviceId'))
    await removeDevice(ctx, device.id)
    setFlash(c, { kind: 'success', message: `Deleted ${device.name}.` })
    return redirectTo(c, '/devices')
  })

  return app
}
