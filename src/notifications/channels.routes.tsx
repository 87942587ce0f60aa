// Channel pages (admins only): the list, a form per type to add or edit one, the "send test"
// button (htmx fragment with the result, or a flash without JS), delete, and the delivery log.
import { Hono, type Context } from 'hono'
import {
  ChannelFormPage,
  TestResultFragment,
} from '../../views/notifications/channel-form-page.tsx'
import { ChannelListPage } from '../../views/notifications/channel-list-page.tsx'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { NotFoundError, ValidationError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, validateForm, type FormValues } from '../http/forms.ts'
import { isPartial, redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { channelInputSchema, channelPatchSchema } from './channels.schema.ts'
import {
  changeChannel,
  channelDeliveries,
  createChannel,
  getChannelView,
  listChannelViews,
  removeChannel,
  testChannel,
} from './channels.service.ts'
import type { ChannelKind, ChannelView } from './channels.types.ts'
import { channelsCtx, type ChannelsDeps } from './route-ctx.ts'
import { CHANNEL_KINDS, senderOf } from './senders/index.ts'

const KINDS = CHANNEL_KINDS.map((kind) => ({ kind, title: senderOf(kind).title }))

/** Form values as strings (a checkbox after its hidden "false" gives two: the last one wins). */
function strings(values: FormValues): Record<string, string> {
  const { _csrf: _c, ...rest } = values
  return Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' ? v : (v[v.length - 1] ?? '')]),
  )
}

/** The form's values of a stored channel (secrets are never filled back in). */
function valuesOf(c: ChannelView): Record<string, string> {
  const settings = Object.fromEntries(
    Object.entries(c.settings).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
  )
  return {
    ...settings,
    name: c.name,
    minSeverity: c.minSeverity,
    scopeKind: c.scopeKind,
    scopeId: c.scopeId ?? '',
    enabled: String(c.enabled),
    isDefault: String(c.isDefault),
  }
}

export function channelsRoutes(deps: ChannelsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const admin = [requireTenantRole('admin')] as const
  const ctx = (c: Context<TenantEnv>) => channelsCtx(c, deps)

  async function form(
    c: Context<TenantEnv>,
    kind: ChannelKind,
    status: 200 | 422,
    values: Record<string, string>,
    errors?: Record<string, string>,
    channel?: ChannelView,
  ) {
    c.status(status)
    const deliveries =
      channel === undefined ? undefined : await channelDeliveries(ctx(c), channel.id)
    const props = {
      kind,
      kindTitle: senderOf(kind).title,
      values,
      errors,
      csrfToken: c.var.csrfToken,
      channel,
      deliveries,
    }
    return c.render(<ChannelFormPage {...props} />, { title: channel?.name ?? 'New channel' })
  }

  app.get('/channels', ...admin, async (c) => {
    return c.render(<ChannelListPage channels={await listChannelViews(ctx(c))} kinds={KINDS} />, {
      title: 'Notification channels',
    })
  })

  app.get('/channels/new', ...admin, (c) => {
    const kind = (c.req.query('type') ?? 'webhook') as ChannelKind
    if (!CHANNEL_KINDS.includes(kind)) throw new NotFoundError('Unknown channel type.')
    return form(c, kind, 200, { name: senderOf(kind).title })
  })

  app.post('/channels', ...admin, async (c) => {
    const values = strings(await readForm(c))
    const kind = (
      CHANNEL_KINDS.includes(values.type as ChannelKind) ? values.type : 'webhook'
    ) as ChannelKind
    const parsed = validateForm(channelInputSchema, values)
    if (!parsed.ok) return form(c, kind, 422, values, parsed.fields)
    try {
      const channel = await createChannel(ctx(c), parsed.data)
      setFlash(c, {
        kind: 'success',
        message: `Channel ${channel.name} added. Send a test to check it.`,
      })
      return redirectTo(c, `/channels/${channel.id}`)
    } catch (err) {
      if (err instanceof ValidationError) return form(c, kind, 422, values, { ...err.fields })
      throw err
    }
  })

  app.get('/channels/:channelId', ...admin, async (c) => {
    const channel = await getChannelView(ctx(c), c.req.param('channelId'))
    return form(c, channel.type, 200, valuesOf(channel), undefined, channel)
  })

  app.post('/channels/:channelId', ...admin, async (c) => {
    const channel = await getChannelView(ctx(c), c.req.param('channelId'))
    const values = strings(await readForm(c))
    const parsed = validateForm(channelPatchSchema, values)
    if (!parsed.ok) return form(c, channel.type, 422, values, parsed.fields, channel)
    try {
      await changeChannel(ctx(c), channel.id, parsed.data)
      setFlash(c, { kind: 'success', message: 'Channel saved.' })
      return redirectTo(c, `/channels/${channel.id}`)
    } catch (err) {
      if (err instanceof ValidationError)
        return form(c, channel.type, 422, values, { ...err.fields }, channel)
      throw err
    }
  })

  app.post('/channels/:channelId/test', ...admin, async (c) => {
    const id = c.req.param('channelId')
    const result = await testChannel(ctx(c), id)
    if (isPartial(c)) return c.html(<TestResultFragment result={result} />)
    setFlash(
      c,
      result.ok
        ? { kind: 'success', message: `Test message delivered in ${result.ms} ms.` }
        : { kind: 'error', message: `Test failed: ${result.error ?? ''}` },
    )
    return redirectTo(c, `/channels/${id}`)
  })

  app.post('/channels/:channelId/delete', ...admin, async (c) => {
    await removeChannel(ctx(c), c.req.param('channelId'))
    setFlash(c, {
      kind: 'success',
      message: 'Channel deleted; messages still queued for it were cancelled.',
    })
    return redirectTo(c, '/channels')
  })

  return app
}
