// Adopting queue entries as managed devices: each one goes through the devices domain's own "add
// device" path with its live check, so an adoption fails exactly as adding by hand would (wrong
// password, refused, no API policy) and nothing is stored for it. Entries are adopted a few at a
// time; one failure never stops the others.
import { PROFILE_ADMIN_ONLY, resolveProfileCredentials } from '../credential-profiles/index.ts'
import { addDevice, deviceCreateSchema } from '../devices/index.ts'
import { findLabel } from '../labels/index.ts'
import { ValidationError } from '../lib/errors.ts'
import { setCandidateState, type CandidateRow } from './discovery.repo.ts'
import type { AdoptInput } from './discovery.schema.ts'
import { audit, getCandidateRow, type DiscoveryCtx } from './discovery.service.ts'
import type { AdoptOutcome } from './discovery.types.ts'
import { listManagedDevices, type ManagedDevice } from './queue-sources.repo.ts'
import { isManaged } from './queue-sync.ts'

const AT_ONCE = 8

/** Typed credentials, or a credential profile (the devices domain resolves it, admins only). */
interface Credentials {
  username: string
  password: string
  profileId: string | null
}

/** The add-device input for an entry: API if 8728 answered, API-SSL if only 8729 did. */
function deviceInput(row: CandidateRow, creds: Credentials, siteId: string | null, name: string) {
  const ports = JSON.parse(row.open_ports_json) as number[]
  const ssl = !ports.includes(8728) && ports.includes(8729)
  return deviceCreateSchema.safeParse({
    name,
    host: row.address,
    transport: ssl ? 'api-ssl' : 'api',
    api_port: ssl ? 8729 : 8728,
    tls_mode: 'insecure',
    ssh_port: ports.includes(22) ? 22 : null,
    site_id: siteId,
    notes: `Adopted from discovery (${(JSON.parse(row.sources_json) as string[]).join(', ')}).`,
    username: creds.username,
    password: creds.password,
    credential_profile_id: creds.profileId,
  })
}

function refusal(row: CandidateRow, devices: readonly ManagedDevice[]): string | undefined {
  if (row.state === 'adopted') return 'Adopted already.'
  if (row.address === null)
    return 'No IPv4 address is known for it, so there is nothing to connect to.'
  if (isManaged(row.address, devices)) return 'A device with this address is managed already.'
  return undefined
}

async function adoptOne(
  ctx: DiscoveryCtx,
  row: CandidateRow,
  creds: Credentials,
  siteId: string | null,
  devices: readonly ManagedDevice[],
): Promise<AdoptOutcome> {
  const fail = (message: string) => ({ candidateId: row.id, ok: false, deviceId: null, message })
  const refused = refusal(row, devices)
  if (refused) return fail(refused)
  // the router's identity when it told us one (MNDP, neighbours), else its address
  const address = row.address as string
  const names = row.identity?.trim() ? [row.identity, `${row.identity} (${address})`] : [address]
  for (const name of names) {
    const input = deviceInput(row, creds, siteId, name)
    if (!input.success) continue // an identity the device form would refuse: try the next name
    const devCtx = { deps: ctx.deps, scope: ctx.scope, actor: ctx.actor }
    try {
      const r = await addDevice(devCtx, input.data, { check: true, saveAnyway: false })
      if (!r.ok) return fail(r.check.ok ? 'The check failed.' : r.check.message)
      await setCandidateState(ctx.scope, row.id, 'adopted', r.device.id)
      const label = row.address
      await audit(
        ctx,
        'discovery.adopt',
        { type: 'candidate', id: row.id, label },
        { deviceId: r.device.id },
      )
      return { candidateId: row.id, ok: true, deviceId: r.device.id, message: null }
    } catch (err) {
      // a taken name: the next candidate name; a bad site is the whole request's fault
      if (err instanceof ValidationError && Object.keys(err.fields).join() === 'name') continue
      throw err
    }
  }
  return fail('No usable device name: the identity is taken or not valid. Add it by hand.')
}

/** Adopts the entries (all must exist, else nothing is tried); one outcome per entry. */
export async function adoptCandidates(
  ctx: DiscoveryCtx,
  input: AdoptInput,
): Promise<AdoptOutcome[]> {
  // unknown ids first: another tenant's entry is a 404 whatever else is wrong with the request
  const rows: CandidateRow[] = []
  for (const id of [...new Set(input.candidate_ids)]) rows.push(await getCandidateRow(ctx, id))
  // request-wide problems are found before the first adoption, so none is half-done
  const profileId = input.credential_profile_id
  if (profileId !== null) {
    if (input.username !== null || input.password !== '')
      throw new ValidationError({
        credential_profile_id:
          'Choose a credential profile or type a user name and password, not both.',
      })
    if (ctx.actor.isAdmin !== true)
      throw new ValidationError({ credential_profile_id: PROFILE_ADMIN_ONLY })
    await resolveProfileCredentials(ctx.deps, ctx.scope, profileId)
  } else if (input.username === null)
    throw new ValidationError({ username: 'Enter the user name, or choose a credential profile.' })
  if (input.site_id !== null && !(await findLabel(ctx.scope, 'sites', input.site_id)))
    throw new ValidationError({ site_id: 'Choose a site from the list.' })
  const creds = { username: input.username ?? '', password: input.password, profileId }
  const devices = await listManagedDevices(ctx.scope)
  const out: AdoptOutcome[] = []
  for (let i = 0; i < rows.length; i += AT_ONCE) {
    const batch = rows.slice(i, i + AT_ONCE)
    out.push(
      ...(await Promise.all(batch.map((r) => adoptOne(ctx, r, creds, input.site_id, devices)))),
    )
  }
  return out
}
