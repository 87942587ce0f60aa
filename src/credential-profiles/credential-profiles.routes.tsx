// Credential profiles pages (admins only): /credential-profiles list + add, edit/rotate, delete.
import { Hono, type Context } from 'hono'
import { CredentialProfilesPage } from '../../views/credential-profiles/credential-profiles-page.tsx'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { ConflictError, ValidationError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, validateForm } from '../http/forms.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import {
  credentialProfileCreateSchema,
  credentialProfileUpdateSchema,
} from './credential-profiles.schema.ts'
import {
  createCredentialProfile,
  deleteCredentialProfile,
  getCredentialProfile,
  listCredentialProfiles,
  updateCredentialProfile,
  type ProfileCtx,
} from './credential-profiles.service.ts'
import type { RotationResult } from './credential-profiles.types.ts'

export type ProfilesDeps = ProfileCtx['deps']

/** The acting admin and tenant of a request (requireTenantRole ran). */
export function profileCtx(c: Context<TenantEnv>, deps: ProfilesDeps): ProfileCtx {
  return { deps, scope: c.var.scope, actor: actorOf(c) }
}

const BASE = '/credential-profiles'

function rotationMessage(name: string, r: RotationResult): string {
  const skipped =
    r.skipped.length > 0
      ? ` ${r.skipped.length} device(s) kept their old credentials because they were entered for other settings: ${r.skipped
          .slice(0, 5)
          .map((d) => d.name)
          .join(', ')}.`
      : ''
  return `Saved profile ${name}; ${r.resealed} device(s) use the new credentials from their next connection.${skipped}`
}

/** A refused change re-renders the page with its message instead of an error page. */
function asFields(err: unknown): { fields: Record<string, string> } {
  if (err instanceof ValidationError) return { fields: { ...err.fields } }
  if (err instanceof ConflictError) return { fields: { _form: err.message } }
  throw err
}

/** Errors of an inline edit form are shown at the top, naming the profile. */
function prefixed(name: string, fields: Record<string, string>): Record<string, string> {
  return { _form: `${name}: ${Object.values(fields).join(' ')}` }
}

export function credentialProfilesRoutes(deps: ProfilesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const admin = [requireTenantRole('admin')] as const

  async function page(
    c: Context<TenantEnv>,
    status: 200 | 422,
    errors?: Record<string, string>,
    values?: Record<string, string>,
  ) {
    const profiles = await listCredentialProfiles(c.var.scope)
    c.status(status)
    const props = { profiles, csrfToken: c.var.csrfToken, errors, values }
    return c.render(<CredentialProfilesPage {...props} />, { title: 'Credential profiles' })
  }

  app.get(BASE, ...admin, (c) => page(c, 200))

  app.post(BASE, ...admin, async (c) => {
    const form = validateForm(credentialProfileCreateSchema, await readForm(c))
    const values = {
      name: String(form.values.name ?? ''),
      username: String(form.values.username ?? ''),
    }
    if (!form.ok) return page(c, 422, form.fields, values)
    try {
      await createCredentialProfile(profileCtx(c, deps), form.data)
    } catch (err) {
      if (err instanceof ValidationError) return page(c, 422, { ...err.fields }, values)
      throw err
    }
    setFlash(c, { kind: 'success', message: `Added credential profile ${form.data.name}.` })
    return redirectTo(c, BASE)
  })

  app.post(`${BASE}/:profileId`, ...admin, async (c) => {
    const ctx = profileCtx(c, deps)
    const profile = await getCredentialProfile(ctx.scope, c.req.param('profileId'))
    const form = validateForm(credentialProfileUpdateSchema, await readForm(c))
    if (!form.ok) return page(c, 422, prefixed(profile.name, form.fields))
    const saved = await updateCredentialProfile(ctx, profile.id, form.data).catch(asFields)
    if ('fields' in saved) return page(c, 422, prefixed(profile.name, saved.fields))
    const { rotation } = saved
    setFlash(c, {
      kind: rotation.skipped.length > 0 ? 'error' : 'success',
      message: rotationMessage(form.data.name, rotation),
    })
    return redirectTo(c, BASE)
  })

  app.post(`${BASE}/:profileId/delete`, ...admin, async (c) => {
    const name = await deleteCredentialProfile(profileCtx(c, deps), c.req.param('profileId')).catch(
      asFields,
    )
    if (typeof name !== 'string') return page(c, 422, name.fields)
    setFlash(c, { kind: 'success', message: `Deleted credential profile ${name}.` })
    return redirectTo(c, BASE)
  })

  return app
}
