// The config editor's read side: one menu of the live configuration, with the catalogue's
// properties and types for the device's RouterOS major, plus whatever else the device prints
// (a path typed by hand works the same way). Secrets are always masked: to change one, type a
// new value; reading it back is what the audited backup reveal is for.
import { TrapError } from '../routeros/index.ts'
import { ValidationError } from '../lib/errors.ts'
import { catalogue, menuSpec, normalizePath, type MenuKind } from './catalogue.ts'
import { runnerFor } from './change-runner.ts'
import type { ChangeCtx } from './changes.service.ts'
import { findDeviceRow } from './changes.repo.ts'
import { askDevice } from './device-link.ts'
import { isSecretProperty, maskRow } from './secrets.ts'
import { NotFoundError } from '../lib/errors.ts'

export interface ConfigListing {
  path: string
  kind: MenuKind
  title: string | null
  properties: { name: string; type: string }[]
  entries: Record<string, string>[]
}

const HIDDEN = new Set(['.nextid', '.dead', '.about'])

/** Lists one menu of the device's live configuration. */
export async function readConfig(
  ctx: ChangeCtx,
  deviceId: string,
  rawPath: string,
): Promise<ConfigListing> {
  const path = normalizePath(rawPath)
  if (!path) throw new ValidationError({ path: 'a RouterOS path such as /ip/address' })
  const device = await findDeviceRow(ctx.scope, deviceId)
  if (!device) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const rows = await askDevice(
    ctx.deps,
    ctx.scope,
    deviceId,
    runnerFor(ctx.deps).timings,
    async (s) => {
      try {
        return await s.print(path)
      } catch (e) {
        if (e instanceof TrapError)
          throw new ValidationError({ path: `unknown path ${path}: ${e.routerMessage}` })
        throw e
      }
    },
  )
  const spec = menuSpec(device.version, path)
  const singleton = rows.length === 1 && rows[0]?.['.id'] === undefined
  const props = new Map<string, string>(Object.entries(spec?.props ?? {}))
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!props.has(k) && !HIDDEN.has(k)) props.set(k, isSecretProperty(k) ? 'secret' : 'text')
  return {
    path,
    kind: spec?.kind ?? (singleton ? 'singleton' : 'list'),
    title: spec?.title ?? null,
    properties: [...props].map(([name, type]) => ({ name, type })),
    entries: rows.map((r) =>
      maskRow(Object.fromEntries(Object.entries(r).filter(([k]) => !HIDDEN.has(k)))),
    ),
  }
}

/** The catalogue of menus for a device's version (the editor's menu list). */
export async function configMenus(
  ctx: ChangeCtx,
  deviceId: string,
): Promise<{ path: string; title: string }[]> {
  const device = await findDeviceRow(ctx.scope, deviceId)
  if (!device) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  return catalogue(device.version).map((m) => ({ path: m.path, title: m.title }))
}
