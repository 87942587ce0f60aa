// Edge side (issue 20): registering this appliance with a central Outpost (the one-time token is
// exchanged for a credential, kept sealed with the tenant data key), and the link's status.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import { appendDeviceSettings } from '../db/edge-outbox.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { dataKeyFor } from '../device-access/index.ts'
import { ConflictError, ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { openSecret, sealSecret } from '../lib/secretbox.ts'
import { APP_VERSION } from '../lib/version.ts'
import {
  centralRequest,
  EdgeLinkError,
  normalizeFingerprint,
  parseCentralUrl,
} from './edge-http.ts'
import { outboxSize } from './edge-outbox-read.ts'
import { edgeRegisterResultSchema } from './edge-wire.ts'
import type { EdgeLinkView } from './edges.types.ts'

type LinkDeps = Pick<Deps, 'db' | 'clock' | 'secrets' | 'keyUse'>

const secretContext = (tenantId: string, id: string) => ({
  tenantId,
  rowId: id,
  field: 'edge_links.secret',
})

export interface RegisterInput {
  centralUrl: string
  token: string
  fingerprint?: string | null
}

/**
 * Registers with the central; one link per appliance.
 * @example await registerWithCentral(deps, scope, { centralUrl, token, fingerprint }, 'cli')
 */
export async function registerWithCentral(
  deps: LinkDeps,
  scope: TenantScope,
  input: RegisterInput,
  actorName: string,
): Promise<EdgeLinkView> {
  let url: URL
  let fingerprint: string | null
  try {
    url = parseCentralUrl(input.centralUrl.trim())
    const fp = input.fingerprint?.trim() ?? ''
    fingerprint = fp === '' ? null : normalizeFingerprint(fp)
  } catch (e) {
    throw new ValidationError({ centralUrl: (e as Error).message }, (e as Error).message)
  }
  if (await scope.selectFrom('edge_links').select('id').executeTakeFirst())
    throw new ConflictError('This appliance is already linked to a central Outpost.', {
      code: 'edge_linked',
    })
  const centralUrl = url.origin
  let answer
  try {
    const raw = await centralRequest(
      { url: centralUrl, fingerprint },
      'POST',
      '/api/v1/edge/register',
      null,
      {
        token: input.token.trim(),
        version: APP_VERSION,
      },
    )
    answer = edgeRegisterResultSchema.parse(raw)
  } catch (e) {
    const msg = e instanceof EdgeLinkError ? e.message : 'the central gave an unexpected answer'
    throw new ValidationError({ token: msg }, `Registration failed: ${msg}.`, { cause: e })
  }
  const now = deps.clock.now()
  const id = newId(now)
  const key = await dataKeyFor(deps, scope)
  await scope.transaction(async (tx) => {
    await tx
      .insertInto('edge_links', {
        id,
        central_url: centralUrl,
        edge_id: answer.edgeId,
        secret_sealed: sealSecret(key, answer.secret, secretContext(scope.tenantId, id)),
        tls_fingerprint: fingerprint,
        registered_at: now,
        last_success_at: now,
        last_attempt_at: now,
        last_error: null,
      })
      .execute()
    // the settings of the devices already here (polls carry only the name and address)
    const devices = await tx.selectFrom('devices').select('id').execute()
    for (const d of devices) await appendDeviceSettings(tx, d.id, now)
  })
  await recordAudit(
    deps.db,
    {
      tenantId: scope.tenantId,
      actor: { kind: 'system', id: null, name: actorName },
      ip: null,
      action: 'edge.link',
      target: { type: 'edge_link', id, label: centralUrl },
      outcome: 'success',
      details: { edgeId: answer.edgeId, pinned: fingerprint !== null },
    },
    now,
  )
  return (await edgeLinkStatus(scope))!
}

export async function edgeLinkStatus(scope: TenantScope): Promise<EdgeLinkView | undefined> {
  const l = await scope.selectFrom('edge_links').selectAll().executeTakeFirst()
  if (!l) return undefined
  return {
    centralUrl: l.central_url,
    edgeId: l.edge_id,
    pinned: l.tls_fingerprint !== null,
    registeredAt: l.registered_at,
    ackedSeq: l.acked_seq,
    backlog: await outboxSize(scope),
    lastSuccessAt: l.last_success_at,
    lastAttemptAt: l.last_attempt_at,
    lastError: l.last_error,
  }
}

/**
 * The link with its credential opened, for the forwarder. Not counted in the key-use log: it is
 * the appliance's own credential, opened on every send, not a customer secret.
 */
export async function openLink(deps: LinkDeps, scope: TenantScope) {
  const l = await scope.selectFrom('edge_links').selectAll().executeTakeFirst()
  if (!l) return undefined
  const key = await dataKeyFor(deps, scope)
  return { ...l, secret: openSecret(key, l.secret_sealed, secretContext(scope.tenantId, l.id)) }
}
