// Sites, tags and device groups pages: /devices/sites, /devices/tags, /devices/groups (the URLs
// stay under /devices, where users look for them).
import { Hono, type Context } from 'hono'
import { LabelsPage, LABEL_NAMES } from '../../views/labels/labels-page.tsx'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, validateForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf, canOperate } from '../http/request-actor.ts'
import { labelSchema } from './labels.schema.ts'
import {
  createLabel,
  getLabel,
  labelsOf,
  removeLabel,
  renameLabel,
  type LabelCtx,
} from './labels.service.ts'
import { LABEL_KINDS, type LabelKind } from './labels.types.ts'

export type LabelsDeps = LabelCtx['deps']

/** The acting principal and tenant of a request (requireTenantRole ran). */
export function labelCtx(c: Context<TenantEnv>, deps: LabelsDeps): LabelCtx {
  return { deps, scope: c.var.scope, actor: actorOf(c) }
}

/** Operators and admins change labels; viewers only look. */
function canEdit(c: Context<TenantEnv>): boolean {
  return canOperate(c.var.session)
}

export function labelRoutes(deps: LabelsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const

  async function page(
    c: Context<TenantEnv>,
    kind: LabelKind,
    status: 200 | 422,
    errors?: Record<string, string>,
    values?: Record<string, string>,
  ) {
    const labels = await labelsOf(labelCtx(c, deps), kind)
    c.status(status)
    const props = { kind, labels, canEdit: canEdit(c), csrfToken: c.var.csrfToken, errors, values }
    return c.render(<LabelsPage {...props} />, { title: LABEL_NAMES[kind].plural })
  }

  for (const kind of LABEL_KINDS) {
    const base = `/devices/${kind}`
    app.get(base, ...viewer, (c) => page(c, kind, 200))

    app.post(base, ...operator, async (c) => {
      const form = validateForm(labelSchema, await readForm(c))
      const values = {
        name: String(form.values.name ?? ''),
        description: String(form.values.description ?? ''),
      }
      if (!form.ok) return page(c, kind, 422, form.fields, values)
      try {
        await createLabel(labelCtx(c, deps), kind, form.data)
      } catch (err) {
        if (err instanceof ValidationError) return page(c, kind, 422, { ...err.fields }, values)
        throw err
      }
      setFlash(c, {
        kind: 'success',
        message: `Added ${LABEL_NAMES[kind].singular} ${form.data.name}.`,
      })
      return redirectTo(c, base)
    })

    app.post(`${base}/:labelId`, ...operator, async (c) => {
      const ctx = labelCtx(c, deps)
      const label = await getLabel(ctx, kind, c.req.param('labelId'))
      const form = validateForm(labelSchema, await readForm(c))
      if (!form.ok) throw new ValidationError(form.fields, Object.values(form.fields)[0])
      await renameLabel(ctx, kind, label.id, form.data)
      setFlash(c, {
        kind: 'success',
        message: `Saved ${LABEL_NAMES[kind].singular} ${form.data.name}.`,
      })
      return redirectTo(c, base)
    })

    app.post(`${base}/:labelId/delete`, ...operator, async (c) => {
      const name = await removeLabel(labelCtx(c, deps), kind, c.req.param('labelId'))
      setFlash(c, { kind: 'success', message: `Deleted ${LABEL_NAMES[kind].singular} ${name}.` })
      return redirectTo(c, base)
    })
  }
  return app
}
