// /api/v1/sites, /api/v1/tags, /api/v1/groups: list, create, read, rename, delete, with the roles
// and service functions of the pages under /devices/sites, /devices/tags, /devices/groups.
import { z } from 'zod'
import {
  createLabel,
  getLabel,
  labelCtx,
  labelSchema,
  labelsOf,
  labelView,
  removeLabel,
  renameLabel,
  type LabelKind,
  type LabelsDeps,
} from '../labels/index.ts'
import { readJson } from '../http/json-body.ts'
import type { ApiRouter } from './api-router.ts'
import { wrap } from './schemas/common.ts'
import { labelOutSchema } from './schemas/devices.ts'

const NAMES: Record<LabelKind, { one: 'site' | 'tag' | 'group'; param: string; tag: string }> = {
  sites: { one: 'site', param: 'siteId', tag: 'Sites' },
  tags: { one: 'tag', param: 'tagId', tag: 'Tags' },
  groups: { one: 'group', param: 'groupId', tag: 'Groups' },
}

const patchSchema = labelSchema.partial().strict()

export function labelsApi(api: ApiRouter, deps: LabelsDeps): void {
  for (const kind of ['sites', 'tags', 'groups'] as const) {
    const { one, param, tag } = NAMES[kind]
    const base = `/${kind}`
    const item = `${base}/:${param}`
    const answer = wrap(one, labelOutSchema)
    const idOf = (c: { req: { param(name: string): string | undefined } }) =>
      c.req.param(param) ?? ''

    api.tenantRoute(
      {
        method: 'get',
        path: base,
        tag,
        role: 'viewer',
        summary: `List ${kind} with their device counts`,
        responses: { 200: wrap(kind, z.array(labelOutSchema)) },
      },
      async (c) => {
        return c.json({ [kind]: await labelsOf(labelCtx(c, deps), kind) })
      },
    )

    api.tenantRoute(
      {
        method: 'post',
        path: base,
        tag,
        role: 'operator',
        summary: `Create a ${one}`,
        body: labelSchema,
        responses: { 201: answer },
      },
      async (c) => {
        const ctx = labelCtx(c, deps)
        const id = await createLabel(ctx, kind, await readJson(c, labelSchema))
        return c.json({ [one]: await labelView(ctx, kind, id) }, 201)
      },
    )

    api.tenantRoute(
      {
        method: 'get',
        path: item,
        tag,
        role: 'viewer',
        summary: `Read a ${one}`,
        responses: { 200: answer },
      },
      async (c) => {
        return c.json({ [one]: await labelView(labelCtx(c, deps), kind, idOf(c)) })
      },
    )

    api.tenantRoute(
      {
        method: 'patch',
        path: item,
        tag,
        role: 'operator',
        summary: `Rename a ${one} or change its description`,
        body: patchSchema,
        responses: { 200: answer },
      },
      async (c) => {
        const ctx = labelCtx(c, deps)
        const current = await labelView(ctx, kind, idOf(c))
        const patch = await readJson(c, patchSchema)
        await renameLabel(ctx, kind, current.id, {
          name: patch.name ?? current.name,
          description: patch.description ?? current.description,
        })
        return c.json({ [one]: await labelView(ctx, kind, current.id) })
      },
    )

    api.tenantRoute(
      {
        method: 'delete',
        path: item,
        tag,
        role: 'operator',
        summary: `Delete a ${one} (devices keep running without it)`,
        responses: { 204: null },
      },
      async (c) => {
        const ctx = labelCtx(c, deps)
        await removeLabel(ctx, kind, (await getLabel(ctx, kind, idOf(c))).id)
        return c.body(null, 204)
      },
    )
  }
}
