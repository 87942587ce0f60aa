// Discovery pages: the queue with live scan progress, starting/cancelling scans (tenant admins:
// they type the ranges), adopting, ignoring and forgetting entries, releasing a range.
import { Hono, type Context } from 'hono'
import { DiscoveryPanel } from '../../views/discovery/discovery-panel.tsx'
import { DiscoveryPage, type DiscoveryPageProps } from '../../views/discovery/discovery-page.tsx'
import type { Deps } from '../deps.ts'
import { listCredentialProfiles } from '../credential-profiles/index.ts'
import { deviceOptions } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { AppError } from '../lib/errors.ts'
import { readForm, safeValues, validateForm } from '../http/forms.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { ValidationError } from '../lib/errors.ts'
import { adoptCandidates } from './adopt.service.ts'
import { discoveryLive } from './discovery-live.ts'
import { adoptInputSchema, scanInputSchema } from './discovery.schema.ts'
import {
  cancelScan,
  discoveryOverview,
  forgetCandidate,
  releaseRange,
  setIgnored,
  startScan,
} from './discovery.service.ts'
import { discoveryCtx, roleAtLeast } from './route-ctx.ts'
import { scanRunner } from './scan-runner.ts'

type Extra = Pick<DiscoveryPageProps, 'fields' | 'error' | 'values' | 'adopted' | 'labelOf'>

export function discoveryRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = requireTenantRole('viewer')
  const operator = requireTenantRole('operator')
  const admin = requireTenantRole('admin')
  const ctx = (c: Context<TenantEnv>) => discoveryCtx(c, deps)
  const panelProps = async (c: Context<TenantEnv>) => {
    const o = await discoveryOverview(ctx(c))
    return {
      ...o,
      canOperate: roleAtLeast(c, 'operator'),
      canAdmin: roleAtLeast(c, 'admin'),
      csrfToken: c.var.csrfToken,
      now: deps.clock.now(),
      showIgnored: c.req.query('ignored') === '1',
    }
  }
  const page = async (c: Context<TenantEnv>, extra: Extra = {}) => {
    const props = await panelProps(c)
    const { sites } = await deviceOptions(ctx(c))
    const profiles = props.canAdmin ? await listCredentialProfiles(c.var.scope) : []
    const page = <DiscoveryPage {...props} sites={sites} profiles={profiles} {...extra} />
    return c.render(page, { title: 'Discovery' })
  }
  /** A failed form: the page again with the messages (422), nothing changed. */
  const failed = async (c: Context<TenantEnv>, err: unknown, values: Record<string, string>) => {
    if (!(err instanceof AppError)) throw err
    c.status(err.status === 404 ? 404 : 422)
    const fields = err instanceof ValidationError ? { ...err.fields } : {}
    return page(c, { fields, error: err.message, values })
  }
  const flat = (v: Record<string, string | string[]>) =>
    Object.fromEntries(Object.entries(safeValues(v)).map(([k, x]) => [k, String(x)]))

  app.get('/discovery', viewer, (c) => page(c))
  app.get('/discovery/panel', viewer, async (c) =>
    c.html(<DiscoveryPanel {...await panelProps(c)} />),
  )
  app.get('/discovery/live', viewer, (c) => discoveryLive(c, scanRunner(deps)))
  app.post('/discovery/scans', admin, async (c) => {
    const values = await readForm(c)
    const form = validateForm(scanInputSchema, values)
    if (!form.ok) return failed(c, new ValidationError(form.fields), flat(values))
    try {
      await startScan(ctx(c), form.data)
    } catch (err) {
      return failed(c, err, flat(values))
    }
    return c.redirect('/discovery', 303)
  })
  app.post('/discovery/scans/:scanId/cancel', admin, async (c) => {
    await cancelScan(ctx(c), c.req.param('scanId'))
    return c.redirect('/discovery', 303)
  })
  app.post('/discovery/adopt', operator, async (c) => {
    const values = await readForm(c)
    const form = validateForm(adoptInputSchema, values)
    const kept = flat(values)
    if (!form.ok) return failed(c, new ValidationError(form.fields), kept)
    let adopted
    try {
      adopted = await adoptCandidates(ctx(c), form.data)
    } catch (err) {
      return failed(c, err, kept)
    }
    const { candidates } = await discoveryOverview(ctx(c))
    const labelOf = Object.fromEntries(
      candidates.map((x) => [x.id, x.identity ?? x.address ?? x.mac ?? x.id]),
    )
    return page(c, { adopted, labelOf, values: { site_id: kept.site_id ?? '' } })
  })
  for (const [verb, run] of [
    ['ignore', (c: Context<TenantEnv>, id: string) => setIgnored(ctx(c), id, true)],
    ['restore', (c: Context<TenantEnv>, id: string) => setIgnored(ctx(c), id, false)],
    ['forget', (c: Context<TenantEnv>, id: string) => forgetCandidate(ctx(c), id)],
  ] as const) {
    app.post(`/discovery/candidates/:candidateId/${verb}`, operator, async (c) => {
      await run(c, c.req.param('candidateId'))
      return c.redirect('/discovery', 303)
    })
  }
  app.post('/discovery/ranges/:rangeId/release', admin, async (c) => {
    await releaseRange(ctx(c), c.req.param('rangeId'))
    return c.redirect('/discovery', 303)
  })
  return app
}
