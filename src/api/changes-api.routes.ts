// Config changes over JSON (issue 11): change sets applied through the one pipeline (standard or
// safe), their state and per-operation results, "keep" for manual confirmation, a preview that
// validates on the device without applying, the live config of a menu, and restore of a stored
// version (previewed, or applied through safe apply). Operators change; viewers read.
import type { Context } from 'hono'
import { z } from 'zod'
import {
  changeSetSchema,
  changeWindow,
  setChangeWindow,
  getChange,
  keepChange,
  listDeviceChanges,
  previewChange,
  readConfig,
  restoreBackup,
  previewRestore,
  previewBinaryRestore,
  restoreBinaryBackup,
  startChange,
  type ChangeActor,
  type ChangeCtx,
} from '../changes/index.ts'
import type { Deps } from '../deps.ts'
import { deviceCtx, getDevice } from '../devices/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf as requestActorOf } from '../http/request-actor.ts'
import type { ApiRouter } from './api-router.ts'
import {
  binaryRestoreSchema,
  changeSchema,
  configListSchema,
  previewSchema,
  restoreSchema,
} from './schemas/changes.ts'
import { errorSchema, wrap } from './schemas/common.ts'

const previewBody = z.object({ operations: changeSetSchema.shape.operations })
const configQuery = z.object({
  path: z
    .string()
    .min(1)
    .max(200)
    .describe('a RouterOS path, e.g. /ip/address or `/ip firewall filter`'),
})
const restoreBody = z.object({
  apply: z.boolean().default(false).describe('false: preview only'),
  mode: z.enum(['standard', 'safe']).default('safe'),
  confirm: z.enum(['auto', 'manual']).default('auto'),
  windowS: z.number().int().min(10).max(3600).optional(),
  kind: z
    .enum(['text', 'binary'])
    .default('text')
    .describe(
      'binary: backupId is a stored .backup, loaded on the device (it reboots); mode/confirm/windowS do not apply',
    ),
})

export function actorOf(c: Context<TenantEnv>): ChangeActor {
  const a = requestActorOf(c)
  return { kind: a.kind, id: a.id, name: a.name, ip: a.ip }
}

export function changesApi(api: ApiRouter, deps: Deps): void {
  const tag = 'Changes'
  const ctxOf = (c: Context<TenantEnv>): ChangeCtx => ({ deps, scope: c.var.scope })
  /** The device of the path, read through DEVICES (404 for another tenant's). */
  const device = async (c: Context<TenantEnv>): Promise<string> =>
    (await getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')).id
  const query = <S extends z.ZodObject>(c: Context<TenantEnv>, s: S): z.output<S> => {
    const r = s.safeParse(c.req.query())
    if (r.success) return r.data
    throw new ValidationError(
      Object.fromEntries(
        r.error.issues.map((i) => [i.path.map(String).join('.') || '_query', i.message]),
      ),
    )
  }

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/:deviceId/changes/preview',
      tag,
      role: 'operator',
      summary: 'Validate a change set on the device and render its script; nothing is applied',
      body: previewBody,
      responses: { 200: previewSchema },
    },
    async (c) => {
      const id = await device(c)
      const body = await readJson(c, previewBody)
      return c.json({ preview: await previewChange(ctxOf(c), id, body.operations) })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/:deviceId/changes',
      tag,
      role: 'operator',
      summary: 'Apply a change set (standard or safe); answers at once with the change to follow',
      description:
        'Validation runs on the device first: an unknown path or property fails the change with nothing applied. Safe mode arms a revert switch on the device before changing anything and starts the countdown (`windowS`, default the tenant setting) only once applied. One change at a time per device: a second one answers 409 naming who is changing it.',
      body: changeSetSchema,
      responses: { 202: wrap('change', changeSchema), 409: errorSchema },
    },
    async (c) => {
      const id = await device(c)
      const body = await readJson(c, changeSetSchema)
      const { change } = await startChange(ctxOf(c), id, body, actorOf(c), { source: 'api' })
      return c.json({ change }, 202)
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/changes',
      tag,
      role: 'viewer',
      summary: 'Change history of a device, newest first',
      responses: { 200: z.object({ changes: z.array(changeSchema) }) },
    },
    async (c) => {
      const id = await device(c)
      return c.json({ changes: await listDeviceChanges(ctxOf(c), id) })
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/changes/:changeId',
      tag,
      role: 'viewer',
      summary: 'State, per-operation results and script of a change',
      responses: { 200: wrap('change', changeSchema) },
    },
    async (c) => {
      const id = await device(c)
      return c.json({ change: await getChange(ctxOf(c), id, c.req.param('changeId') ?? '') })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/:deviceId/changes/:changeId/keep',
      tag,
      role: 'operator',
      summary: 'Keep a verified safe change that waits for manual confirmation',
      description:
        'Answers when the revert switch is removed (state `kept`). 409 when the change is not waiting for confirmation.',
      responses: { 200: wrap('change', changeSchema), 409: errorSchema },
    },
    async (c) => {
      const id = await device(c)
      return c.json({
        change: await keepChange(ctxOf(c), id, c.req.param('changeId') ?? '', actorOf(c)),
      })
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/config',
      tag,
      role: 'viewer',
      summary: 'Entries of one menu of the live config (secrets masked)',
      query: configQuery,
      responses: { 200: configListSchema },
    },
    async (c) => {
      const id = await device(c)
      return c.json(await readConfig(ctxOf(c), id, query(c, configQuery).path))
    },
  )

  const settingsSchema = z.object({
    windowS: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .describe('default confirmation window of safe apply, seconds'),
  })
  api.tenantRoute(
    {
      method: 'get',
      path: '/change-settings',
      tag,
      role: 'viewer',
      summary: "The tenant's safe-apply defaults",
      responses: { 200: settingsSchema },
    },
    async (c) => {
      return c.json({ windowS: await changeWindow(c.var.scope) })
    },
  )

  api.tenantRoute(
    {
      method: 'patch',
      path: '/change-settings',
      tag,
      role: 'admin',
      summary: "Set the tenant's default safe-apply window (audited)",
      body: settingsSchema,
      responses: { 200: settingsSchema },
    },
    async (c) => {
      const body = await readJson(c, settingsSchema)
      return c.json({ windowS: await setChangeWindow(ctxOf(c), body.windowS, actorOf(c)) })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/:deviceId/backups/:backupId/restore',
      tag,
      role: 'operator',
      summary: 'Preview or apply the restore of a stored text version or binary .backup',
      description:
        '`kind: binary` restores a stored .backup instead (answer `binaryRestore`): uploaded over SFTP and loaded with /system backup load, the device reboots onto it and Outpost waits for it to answer again; one made on another RouterOS major is refused (409). Otherwise: computes the change set that turns the live config into the stored one (singletons by set, lists matched by content, ordered menus replaced in order). Send `{}` to preview; `apply: true` applies it through the pipeline (safe mode by default). A version of another RouterOS major is refused (409).',
      body: restoreBody,
      responses: { 200: z.union([restoreSchema, binaryRestoreSchema]), 409: errorSchema },
    },
    async (c) => {
      const id = await device(c)
      const body = await readJson(c, restoreBody)
      const backupId = c.req.param('backupId') ?? ''
      if (body.kind === 'binary') {
        if (!body.apply)
          return c.json({ binaryRestore: await previewBinaryRestore(ctxOf(c), id, backupId) })
        const b = await restoreBinaryBackup(ctxOf(c), id, backupId, actorOf(c))
        return c.json({ binaryRestore: b.preview, change: b.change })
      }
      if (!body.apply) return c.json({ restore: await previewRestore(ctxOf(c), id, backupId) })
      const how = {
        mode: body.mode,
        confirm: body.confirm,
        ...(body.windowS !== undefined ? { windowS: body.windowS } : {}),
      }
      const r = await restoreBackup(ctxOf(c), id, backupId, how, actorOf(c))
      return c.json({ restore: r.preview, ...(r.change ? { change: r.change } : {}) })
    },
  )
}
