// Super admin pages for appliance backups (/settings/backups) and GET /api/v1/appliance/backups.
// Parse → service → render; the archive download streams the bytes as an attachment.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { BackupsPage } from '../../views/settings/backups-page.tsx'
import type { ApiRouter } from '../api/index.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv, SessionEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { formAction } from '../http/form-action.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireSuperAdmin } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import type { FormState } from '../../views/tenants/form-state.ts'
import { snapshotSource, type SnapshotSource } from './snapshot.ts'
import {
  backupOverview,
  downloadBackup,
  restoreLocalSnapshot,
  restoreUploadedArchive,
  snapshotNow,
} from './backup.service.ts'
import { readBody } from '../http/forms.ts'
import { ValidationError } from '../lib/errors.ts'

type Ctx = Context<SessionEnv>
const PAGE = '/settings/backups'

const downloadSchema = z.object({
  passphrase: z.string().min(12, 'At least 12 characters.').max(1024),
})
const restoreSchema = z.object({
  name: z.string().min(1, 'Choose a snapshot.').max(200),
  passphrase: z.string().max(1024),
})

function render(
  c: Ctx,
  deps: Deps,
  status: 200 | 422,
  forms: { download?: FormState; restore?: FormState; upload?: FormState } = {},
) {
  c.status(status)
  return c.render(
    <BackupsPage csrfToken={c.var.csrfToken} {...backupOverview(deps)} {...forms} />,
    { title: 'Backups' },
  )
}

/** @param requestRestart swaps a staged restore in (main.ts restarts in-process) */
export function backupRoutes(
  deps: Deps,
  opts: {
    requestRestart?: ((reason: string) => void) | undefined
    source?: SnapshotSource | undefined
  } = {},
): Hono<AppEnv> {
  const { requestRestart } = opts
  const source = opts.source ?? snapshotSource(deps)
  const app = new Hono<AppEnv>()
  const superAdmin = requireSuperAdmin()

  app.get(PAGE, superAdmin, (c) => render(c, deps, 200))

  app.post(`${PAGE}/download`, superAdmin, async (c) => {
    const r = await formAction(c, downloadSchema, (d) =>
      downloadBackup(deps, actorOf(c), d.passphrase, source),
    )
    if (!r.ok) return render(c, deps, 422, { download: r.state })
    c.header('Content-Type', 'application/octet-stream')
    c.header('Content-Disposition', `attachment; filename="${r.value.name}"`)
    c.header('Cache-Control', 'no-store')
    c.header('Content-Length', String(r.value.size))
    return c.body(r.value.stream)
  })

  app.post(`${PAGE}/snapshot`, superAdmin, async (c) => {
    const name = await snapshotNow(deps, actorOf(c), source)
    setFlash(c, { kind: 'success', message: `Snapshot ${name} written.` })
    return redirectTo(c, PAGE)
  })

  const restored = (c: Ctx, createdAt: string) => {
    const message = requestRestart
      ? `Backup of ${createdAt} verified; the service is restarting to put it in place. Sign in again in a few seconds.`
      : `Backup of ${createdAt} verified and staged; restart the service to put it in place.`
    setFlash(c, { kind: 'success', message })
    requestRestart?.('restore from the web UI')
    return redirectTo(c, PAGE)
  }

  // an archive uploaded from the browser (multipart; http-stack gives this path a larger body limit)
  app.post(`${PAGE}/upload`, superAdmin, async (c) => {
    const body = await readBody(c)
    const file = body.archive
    const passphrase =
      typeof body.archive_passphrase === 'string' ? body.archive_passphrase.slice(0, 1024) : ''
    try {
      if (!(file instanceof File))
        throw new ValidationError({ archive: 'Choose an archive file (.opbk).' })
      const bytes = Buffer.from(await file.arrayBuffer())
      return restored(
        c,
        await restoreUploadedArchive(deps, actorOf(c), file.name, bytes, passphrase),
      )
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      return render(c, deps, 422, { upload: { fields: { ...err.fields } } })
    }
  })

  app.post(`${PAGE}/restore`, superAdmin, async (c) => {
    const r = await formAction(c, restoreSchema, (d) =>
      restoreLocalSnapshot(deps, actorOf(c), d.name, d.passphrase),
    )
    if (!r.ok) return render(c, deps, 422, { restore: r.state })
    return restored(c, r.value)
  })
  return app
}

const overviewSchema = z.object({
  snapshots: z.array(z.object({ name: z.string(), bytes: z.number().int() })),
  intervalHours: z.number().int(),
  keep: z.number().int(),
})

export function backupApi(api: ApiRouter, deps: Deps): void {
  const spec = {
    method: 'get',
    path: '/appliance/backups',
    tag: 'Appliance',
    role: 'super_admin',
    summary: 'Local appliance snapshots and the snapshot schedule',
    responses: { 200: overviewSchema },
  } as const
  api.sessionRoute(spec, (c) => c.json(backupOverview(deps)))
}
