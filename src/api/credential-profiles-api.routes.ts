// /api/v1/credential-profiles: list, create, read, edit (rotate), delete, with the service
// functions of the /credential-profiles pages. Admins only; a password is never returned.
import { z } from 'zod'
import {
  createCredentialProfile,
  credentialProfileCreateSchema,
  credentialProfileUpdateSchema,
  deleteCredentialProfile,
  getCredentialProfile,
  listCredentialProfiles,
  updateCredentialProfile,
  type CredentialProfileView,
  type ProfileCtx,
} from '../credential-profiles/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
import type { Context } from 'hono'
import type { ApiRouter } from './api-router.ts'
import { epochMs, errorSchema, id, wrap } from './schemas/common.ts'

const tag = 'Credential profiles'

const profileSchema = z.object({
  id,
  name: z.string(),
  username: z.string(),
  deviceCount: z.number().int().describe('devices that use this profile'),
  createdAt: epochMs,
  updatedAt: epochMs,
})
const rotationSchema = z.object({
  resealed: z.number().int().describe('devices whose credentials were re-sealed'),
  skipped: z
    .array(z.object({ id, name: z.string() }))
    .describe('devices left untouched: their credentials were entered for other settings'),
})
const patchSchema = credentialProfileUpdateSchema.partial().strict()
const createSchema = credentialProfileCreateSchema.strict()

const json = (p: CredentialProfileView) => ({ ...p })

export function credentialProfilesApi(api: ApiRouter, deps: ProfileCtx['deps']): void {
  const ctxOf = (c: Context<TenantEnv>): ProfileCtx => ({
    deps,
    scope: c.var.scope,
    actor: actorOf(c),
  })
  const idOf = (c: Context<TenantEnv>) => c.req.param('profileId') ?? ''

  api.tenantRoute(
    {
      method: 'get',
      path: '/credential-profiles',
      tag,
      role: 'admin',
      summary: 'List credential profiles with their device counts (never a password)',
      responses: { 200: wrap('credentialProfiles', z.array(profileSchema)) },
    },
    async (c) => {
      const list = await listCredentialProfiles(c.var.scope)
      return c.json({ credentialProfiles: list.map(json) })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/credential-profiles',
      tag,
      role: 'admin',
      summary: 'Create a credential profile',
      body: createSchema,
      responses: { 201: wrap('credentialProfile', profileSchema) },
    },
    async (c) => {
      const body = await readJson(c, createSchema)
      const p = await createCredentialProfile(ctxOf(c), body)
      return c.json({ credentialProfile: json(p) }, 201)
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/credential-profiles/:profileId',
      tag,
      role: 'admin',
      summary: 'Read a credential profile',
      responses: { 200: wrap('credentialProfile', profileSchema) },
    },
    async (c) => {
      return c.json({ credentialProfile: json(await getCredentialProfile(c.var.scope, idOf(c))) })
    },
  )

  api.tenantRoute(
    {
      method: 'patch',
      path: '/credential-profiles/:profileId',
      tag,
      role: 'admin',
      summary: 'Rename a profile or rotate its credentials',
      description:
        'A new `password` (or `username`) is re-sealed for every device that uses the profile, each for the endpoint it already has; devices whose stored credentials were entered for other settings are left untouched and listed in `rotation.skipped`.',
      body: patchSchema,
      responses: {
        200: z.object({ credentialProfile: profileSchema, rotation: rotationSchema }),
      },
    },
    async (c) => {
      const ctx = ctxOf(c)
      const current = await getCredentialProfile(ctx.scope, idOf(c))
      const patch = await readJson(c, patchSchema)
      const r = await updateCredentialProfile(ctx, current.id, {
        name: patch.name ?? current.name,
        username: patch.username ?? current.username,
        password: patch.password ?? null,
      })
      return c.json({ credentialProfile: json(r.profile), rotation: r.rotation })
    },
  )

  api.tenantRoute(
    {
      method: 'delete',
      path: '/credential-profiles/:profileId',
      tag,
      role: 'admin',
      summary: 'Delete a credential profile that no device uses',
      description: 'A profile that devices still use answers 409 `credential_profile_in_use`.',
      responses: { 204: null, 409: errorSchema },
    },
    async (c) => {
      await deleteCredentialProfile(ctxOf(c), idOf(c))
      return c.body(null, 204)
    },
  )
}
