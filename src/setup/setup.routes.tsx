// /setup: the setup wizard (super admin). Each step's POST does the real thing through its own
// domain (tenants, devices with the live check, appliance backups); the wizard only leads.
import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import { z } from 'zod'
import { DeviceForm, type DeviceFormProps } from '../../views/devices/device-form.tsx'
import { SetupPage } from '../../views/setup/setup-page.tsx'
import { BackupsStep, TenantStep } from '../../views/setup/setup-steps.tsx'
import { NotifyStep, type NotifyStepProps } from '../../views/setup/notify-step.tsx'
import { randomBytes } from 'node:crypto'
import { backupOverview, setSnapshotSchedule } from '../appliance-backup/index.ts'
import type { Deps } from '../deps.ts'
import {
  addDevice,
  deviceCreateSchema,
  deviceCtx,
  deviceOptions,
  NEW_DEVICE_VALUES,
  parseDeviceFormValues,
} from '../devices/index.ts'
import type { AppEnv, SessionEnv, TenantEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, safeValues, validateForm, type FormValues } from '../http/forms.ts'
import { isPartial, redirectTo, vary } from '../http/htmx.ts'
import { requireSuperAdmin, requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf, tenantNameOf } from '../http/request-actor.ts'
import { ValidationError } from '../lib/errors.ts'
import { createTenant } from '../tenants/index.ts'
import {
  channelInputSchema,
  channelsCtx,
  createChannel,
  getChannelView,
  testChannel,
} from '../notifications/index.ts'
import { closeSetup, setupProgress } from './setup.service.ts'
import type { SetupStep } from './setup.types.ts'

// generic over the Env: the device step's context is a TenantEnv one (Context is invariant)
type Ctx<E extends SessionEnv = SessionEnv> = Context<E>
const tenantSchema = z.object({
  name: z.string().trim().min(1, 'Give the tenant a name.').max(100),
})
const scheduleSchema = z.object({
  intervalHours: z.coerce
    .number()
    .int('Whole hours.')
    .min(0, '0 or more.')
    .max(8760, 'At most a year (8760).'),
  keep: z.coerce
    .number()
    .int('A whole number.')
    .min(1, 'Keep at least one.')
    .max(1000, 'At most 1000.'),
})

function page<E extends SessionEnv>(
  c: Ctx<E>,
  current: SetupStep,
  body: Child,
  status: 200 | 422 = 200,
  skipTo?: string,
) {
  c.status(status)
  return c.render(
    <SetupPage csrfToken={c.var.csrfToken} current={current} skipTo={skipTo}>
      {body}
    </SetupPage>,
    { title: 'Set up Outpost' },
  )
}

async function deviceStep(
  c: Context<TenantEnv>,
  deps: Deps,
  state: Pick<DeviceFormProps, 'values' | 'errors' | 'check'>,
  status: 200 | 422,
) {
  const props: DeviceFormProps = {
    mode: 'create',
    action: '/setup/device',
    options: await deviceOptions(deviceCtx(c, deps)),
    csrfToken: c.var.csrfToken,
    ...state,
  }
  vary(c)
  if (isPartial(c)) return c.html(<DeviceForm {...props} />, status)
  const intro = (
    <p>
      Add a router of <strong>{tenantNameOf(c.var.session)}</strong>. Outpost signs in to check the
      address and credentials before it saves.
    </p>
  )
  return page(
    c,
    'device',
    <>
      {intro}
      <DeviceForm {...props} />
    </>,
    status,
    '/setup/backups',
  )
}

/** The settings the "Notify me" step sends for each type; the other type's fields are ignored. */
const NOTIFY_FIELDS = {
  webhook: ['url', 'secret'],
  email: ['to', 'from', 'host', 'port', 'security', 'username', 'password'],
} as const

function notifyStep(
  c: Context<TenantEnv>,
  props: Omit<NotifyStepProps, 'csrfToken' | 'device'>,
  status: 200 | 422 = 200,
) {
  const device = c.req.query('device')?.slice(0, 100) ?? null
  const skipTo = device ? `/setup/backups?device=${encodeURIComponent(device)}` : '/setup/backups'
  return page(
    c,
    'notify',
    <NotifyStep csrfToken={c.var.csrfToken} device={device} {...props} />,
    status,
    props.channel ? undefined : skipTo,
  )
}

function backupsStep(
  c: Ctx,
  deps: Deps,
  deviceName: string | null,
  errors?: Record<string, string>,
  values?: { intervalHours: number; keep: number },
) {
  const { intervalHours, keep } = values ?? backupOverview(deps)
  return page(
    c,
    'backups',
    <BackupsStep
      csrfToken={c.var.csrfToken}
      intervalHours={intervalHours}
      keep={keep}
      deviceName={deviceName}
      errors={errors}
    />,
    errors ? 422 : 200,
  )
}

export function setupRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const superAdmin = requireSuperAdmin()

  app.get(
    '/setup',
    superAdmin,
    async (c, next) =>
      c.var.session.activeTenantId === null ? c.redirect('/setup/tenant', 303) : next(),
    requireTenantRole('admin'),
    async (c) => {
      const progress = await setupProgress(c.var.scope, tenantNameOf(c.var.session))
      return c.redirect(`/setup/${progress.next}`, 303)
    },
  )

  app.get('/setup/tenant', superAdmin, (c) => {
    const existing = c.var.session.activeTenantId === null ? null : tenantNameOf(c.var.session)
    return page(
      c,
      'tenant',
      <TenantStep csrfToken={c.var.csrfToken} existing={existing} />,
      200,
      existing ? '/setup/device' : undefined,
    )
  })

  app.post('/setup/tenant', superAdmin, async (c) => {
    const values = await readForm(c)
    const existing = c.var.session.activeTenantId === null ? null : tenantNameOf(c.var.session)
    const form = validateForm(tenantSchema, values)
    try {
      if (!form.ok) throw new ValidationError(form.fields)
      const tenant = await createTenant(deps, actorOf(c), form.data.name)
      setFlash(c, { kind: 'success', message: `Tenant ${tenant.name} created.` })
      return redirectTo(c, '/setup/device')
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      const error = err.fields.name ?? Object.values(err.fields)[0] ?? err.message
      return page(
        c,
        'tenant',
        <TenantStep
          csrfToken={c.var.csrfToken}
          name={String(values.name ?? '')}
          error={error}
          existing={existing}
        />,
        422,
      )
    }
  })

  app.get('/setup/device', superAdmin, requireTenantRole('admin'), (c) =>
    deviceStep(c, deps, { values: NEW_DEVICE_VALUES, errors: {} }, 200),
  )

  app.post('/setup/device', superAdmin, requireTenantRole('admin'), async (c) => {
    const values: FormValues = parseDeviceFormValues(await readForm(c))
    const form = validateForm(deviceCreateSchema, values)
    if (!form.ok) return deviceStep(c, deps, { values: form.values, errors: form.fields }, 422)
    try {
      const r = await addDevice(deviceCtx(c, deps), form.data, {
        check: true,
        saveAnyway: values.save_anyway === 'on',
      })
      if (!r.ok)
        return deviceStep(c, deps, { values: safeValues(values), errors: {}, check: r.check }, 422)
      setFlash(c, {
        kind: 'success',
        message: `Added ${r.device.name}${r.check?.ok ? ` — ${r.check.identity}, RouterOS ${r.check.version}` : ''}.`,
      })
      return redirectTo(c, `/setup/notify?device=${encodeURIComponent(r.device.name)}`)
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      return deviceStep(c, deps, { values: safeValues(values), errors: { ...err.fields } }, 422)
    }
  })

  // "Notify me" (optional): one channel for the new tenant through the notifications service
  app.get('/setup/notify', superAdmin, requireTenantRole('admin'), (c) =>
    notifyStep(c, { values: { type: 'webhook', secret: randomBytes(18).toString('hex') } }),
  )

  app.post('/setup/notify', superAdmin, requireTenantRole('admin'), async (c) => {
    const form = await readForm(c)
    const values = Object.fromEntries(
      Object.entries(form).map(([k, v]) => [k, String(Array.isArray(v) ? v.at(-1) : (v ?? ''))]),
    )
    const type = values.type === 'email' ? 'email' : 'webhook'
    const settings = Object.fromEntries(NOTIFY_FIELDS[type].map((k) => [k, values[k] ?? '']))
    const name = type === 'email' ? `E-mail ${values.to ?? ''}`.trim() : 'Webhook'
    const parsed = validateForm(channelInputSchema, {
      type,
      name: name.slice(0, 100),
      isDefault: 'true',
      ...settings,
    })
    const redisplay = { ...values, type, password: '' }
    if (!parsed.ok) return notifyStep(c, { values: redisplay, errors: parsed.fields }, 422)
    try {
      const channel = await createChannel(channelsCtx(c, deps), parsed.data)
      return notifyStep(c, { values: {}, channel: { id: channel.id, name: channel.name } })
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      return notifyStep(c, { values: redisplay, errors: { ...err.fields } }, 422)
    }
  })

  app.post('/setup/notify/:channelId/test', superAdmin, requireTenantRole('admin'), async (c) => {
    const ctx = channelsCtx(c, deps)
    const channel = await getChannelView(ctx, c.req.param('channelId'))
    const result = await testChannel(ctx, channel.id)
    return notifyStep(c, { values: {}, channel: { id: channel.id, name: channel.name }, result })
  })

  app.get('/setup/backups', superAdmin, (c) =>
    backupsStep(c, deps, c.req.query('device')?.slice(0, 100) ?? null),
  )

  app.post('/setup/backups', superAdmin, async (c) => {
    const values = await readForm(c)
    const form = validateForm(scheduleSchema, values)
    const device = c.req.query('device')?.slice(0, 100) ?? null
    if (!form.ok)
      return backupsStep(c, deps, device, form.fields, {
        intervalHours: Number(values.intervalHours) || 0,
        keep: Number(values.keep) || 0,
      })
    const a = actorOf(c)
    await setSnapshotSchedule(deps, a, form.data)
    await closeSetup(deps, a, 'finished')
    setFlash(c, {
      kind: 'success',
      message: 'Outpost is set up. The dashboard updates by itself as devices are polled.',
    })
    return redirectTo(c, '/')
  })

  app.post('/setup/skip', superAdmin, async (c) => {
    await closeSetup(deps, actorOf(c), 'skipped')
    setFlash(c, {
      kind: 'info',
      message: 'Setup skipped. Reopen it any time from Setup in the menu.',
    })
    return redirectTo(c, '/')
  })
  return app
}
