// Sites, tags and device groups pages: /devices/sites, /devices/tags, /devices/groups.
import { Hono, type Context } from 'hono'
import { LabelsPage, LABEL_NAMES } from '../../views/devices/labels-page.tsx'
import type { AppEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, validateForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireRole, requireTenant } from '../http/middleware/require-role.ts'
import { labelSchema } from './devices.schema.ts'
import type { DevicesDeps } from './devices.service.ts'
import type { LabelKind } from './devices.types.ts'
import { createLabel, getLabel, labelsOf, removeLabel, renameLabel } from './labels.service.ts'
import { canEditDevices, deviceCtx } from './route-ctx.ts'

const KINDS: LabelKind[] = ['sites', 'tags', 'groups']

export function labelRoutes(deps: DevicesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireRole('viewer'), requireTenant()] as const
  const operator = [requireRole('operator'), requireTenant()] as const

  async function page(c: Context<AppEnv>, kind: LabelKind, status: 200 | 422, errors?: Record<string, string>, values?: Record<string, string>) {
    const labels = await labelsOf(deviceCtx(c, deps), kind)
    c.status(status)
    const props = { kind, labels, canEdit: canEditDevices(c), csrfToken: c.var.csrfToken, errors, values }
    return c.render(<LabelsPage {...props} />, { title: LABEL_NAMES[kind].plural })
  }

  for (const kind of KINDS) {
    const base = `/devices/${kind}`
    app.get(base, ...viewer, (c) => page(c, kind, 200))

    app.post(base, ...operator, async (c) => {
      const form = validateForm(labelSchema, await readForm(c))
      const values = { name: String(form.values.name ?? ''), description: String(form.values.description ?? '') }
      if (!form.ok) return page(c, kind, 422, form.fields, values)
      try {
        await createLabel(deviceCtx(c, deps), kind, form.data)
      } catch (err) {
        if (err instanceof ValidationError) return page(c, kind, 422, { ...err.fields }, values)
        throw err
      }
      setFlash(c, { kind: 'success', message: `Added ${LABEL_NAMES[kind].singular} ${form.data.name}.` })
      return redirectTo(c, base)
    })

    app.post(`${base}/:labelId`, ...operator, async (c) => {
      const ctx = deviceCtx(c, deps)
      const label = await getLabel(ctx, kind, c.req.param('labelId'))
      const form = validateForm(labelSchema, await readForm(c))
      if (!form.ok) throw new ValidationError(form.fields, Object.values(form.fields)[0])
      await renameLabel(ctx, kind, label.id, form.data)
      setFlash(c, { kind: 'success', message: `Saved ${LABEL_NAMES[kind].singular} ${form.data.name}.` })
      return redirectTo(c, base)
    })

    app.post(`${base}/:labelId/delete`, ...operator, async (c) => {
      const name = await removeLabel(deviceCtx(c, deps), kind, c.req.param('labelId'))
      setFlash(c, { kind: 'success', message: `Deleted ${LABEL_NAMES[kind].singular} ${name}.` })
      return redirectTo(c, base)
    })
  }
  return app
}
