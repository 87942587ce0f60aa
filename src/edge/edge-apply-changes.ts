// Edge side (issue 20): change sets queued centrally for this edge's devices are pulled and
// applied through the edge's own change pipeline (validation, standard or safe mode, audit),
// then the outcome is reported back. A request for a device this tenant does not have fails.
import { startChange, type ChangeActor } from '../changes/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { AppError } from '../lib/errors.ts'
import { centralRequest } from './edge-http.ts'
import type { Link } from './edge-forwarder.ts'
import { pulledChangeSchema, type EdgeChangeResult } from './edge-wire.ts'

const actor: ChangeActor = { kind: 'system', id: null, name: 'central Outpost', ip: null }

async function applyOne(
  deps: Deps,
  scope: TenantScope,
  raw: unknown,
): Promise<{ id: string; result: EdgeChangeResult } | undefined> {
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

/** Pulls the queued changes and applies them one after another, reporting each outcome. */
export async function applyCentralChanges(
  deps: Deps,
  scope: TenantScope,
  link: Link,
): Promise<void> {
  const target = { url: link.central_url, fingerprint: link.tls_fingerprint }
  const answer = (await centralRequest(
    target,
    'GET',
    '/api/v1/edge/changes',
    link.secret,
    undefined,
  )) as {
    changes?: unknown[]
  }
  for (const raw of answer.changes ?? []) {
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
