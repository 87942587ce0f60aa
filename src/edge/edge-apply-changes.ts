// Edge side (issue 20): change sets queued centrally for this edge's devices are pulled and
// applied through the edge's own change pipeline (validation, standard or safe mode, audit),
// then the outcome is reported back. A preview asked centrally is validated against the device
// here (nothing applied) and answered first, before any change of the same pull. A request for a
// device this tenant does not have fails.
import { previewChange, startChange, type ChangeActor } from '../changes/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { AppError } from '../lib/errors.ts'
import { centralRequest } from './edge-http.ts'
import type { Link } from './edge-forwarder.ts'
import { pulledChangeSchema, type EdgePreviewResult, type EdgeReport } from './edge-wire.ts'

const actor: ChangeActor = { kind: 'system', id: null, name: 'central Outpost', ip: null }

async function applyOne(
  deps: Deps,
  scope: TenantScope,
  raw: unknown,
): Promise<{ id: string; result: EdgeReport } | undefined> {
  const parsed = pulledChangeSchema.safeParse(raw)
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id
    return typeof id === 'string'
      ? {
          id,
          result: {
            state: 'failed',
            message: 'the edge could not read the change request',
            results: [],
          },
        }
      : undefined
  }
  const { id, deviceId, request } = parsed.data
  if ('preview' in request)
    return { id, result: await previewHere(deps, scope, deviceId, request.preview.operations) }
  try {
    const { done } = await startChange({ deps, scope }, deviceId, request, actor, {
      source: 'central',
    })
    const rec = await done
    const state =
      rec.state === 'kept' || rec.state === 'reverted' || rec.state === 'lost'
        ? rec.state
        : 'failed'
    return { id, result: { state, message: rec.message, results: rec.results } }
  } catch (e) {
    if (!(e instanceof AppError)) throw e
    return { id, result: { state: 'failed', message: e.message, results: [] } }
  }
}

async function previewHere(
  deps: Deps,
  scope: TenantScope,
  deviceId: string,
  operations: unknown,
): Promise<EdgePreviewResult> {
  try {
    const p = await previewChange({ deps, scope }, deviceId, operations)
    return { state: 'previewed', ok: p.ok, problems: p.problems, message: null }
  } catch (e) {
    if (!(e instanceof AppError)) throw e
    return { state: 'previewed', ok: false, problems: [], message: e.message }
  }
}

const isPreview = (raw: unknown) =>
  typeof (raw as { request?: { preview?: unknown } } | null)?.request?.preview === 'object'

/**
 * Pulls the queued changes and applies them one after another, reporting each outcome; previews
 * first, since somebody waits for them. `previewsOnly` while a change of an earlier pull runs.
 */
export async function applyCentralChanges(
  deps: Deps,
  scope: TenantScope,
  link: Link,
  previewsOnly = false,
): Promise<void> {
  const target = { url: link.central_url, fingerprint: link.tls_fingerprint }
  const answer = (await centralRequest(
    target,
    'GET',
    `/api/v1/edge/changes${previewsOnly ? '?previews=only' : ''}`,
    link.secret,
    undefined,
  )) as {
    changes?: unknown[]
  }
  const pulled = answer.changes ?? []
  for (const raw of [...pulled.filter(isPreview), ...pulled.filter((r) => !isPreview(r))]) {
    const done = await applyOne(deps, scope, raw)
    if (done === undefined) continue
    await centralRequest(
      target,
      'POST',
      `/api/v1/edge/changes/${encodeURIComponent(done.id)}/result`,
      link.secret,
      done.result,
    )
  }
}
