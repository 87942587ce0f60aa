// The credential-binding rule for every path that changes a device (form, JSON API, CSV import,
// later bulk jobs): stored credentials go only to the endpoint they were entered for. A change of
// where or how they travel needs them entered again, or an admin's explicit, audited "send the
// stored credentials to the new endpoint"; weakening transport security always needs re-entry.
// credentials.ts enforces the same rule cryptographically for whatever bypasses this one.
import type { TenantScope } from '../db/tenant-scope.ts'
import { ValidationError } from '../lib/errors.ts'
import { CredentialsUnboundError } from './access-errors.ts'
import {
  dataKeyFor,
  openCredentials,
  sealCredentials,
  type DeviceCredentials,
  type KeyDeps,
  type SealedColumns,
  type SealedDevice,
} from './credentials.ts'
import {
  endpointChange,
  endpointDigest,
  type DeviceEndpoint,
  type EndpointChange,
} from './endpoint.ts'

/** Credentials as given with a change; null means "keep the stored value". */
export interface GivenCredentials {
  username: string | null
  password: string | null
}

export interface Confirmation {
  /** the "send stored credentials to the new endpoint" checkbox / API flag */
  sendStoredCredentials: boolean
  /** whether the actor is an admin of the tenant (only admins may confirm) */
  isAdmin: boolean
}

export type BindingDecision =
  | { ok: true; mode: 'same_endpoint' | 'reentered' | 'forwarded'; change: EndpointChange }
  | { ok: false; fields: Record<string, string> }

/**
 * Decides whether a change may keep the stored credentials (pure; CSV import uses it per row).
 * @example bindingDecision(row, endpointOf(input), { username: null, password: null }, noConfirm)
 */
export function bindingDecision(
  before: DeviceEndpoint,
  after: DeviceEndpoint,
  given: GivenCredentials,
  confirm: Confirmation,
): BindingDecision {
  const change = endpointChange(before, after)
  if (given.username !== null && given.password !== null)
    return { ok: true, mode: 'reentered', change }
  if (change.changed.length === 0) return { ok: true, mode: 'same_endpoint', change }
  const fields: Record<string, string> = {}
  const what = change.changed.map((f) => f.replace(/_/g, ' ')).join(', ')
  fields.username = `Where or how the credentials travel changed (${what}): enter the user name and password again.`
  fields.password =
    'Enter the password again: stored credentials are only sent where they were entered.'
  if (change.weakened.length > 0) {
    for (const w of change.weakened)
      fields[w.field] = `${w.message} Enter the credentials again to confirm.`
    return { ok: false, fields }
  }
  if (!confirm.sendStoredCredentials) return { ok: false, fields }
  if (!confirm.isAdmin) {
    return {
      ok: false,
      fields: {
        ...fields,
        send_stored_credentials: 'Only an admin can send the stored credentials to a new endpoint.',
      },
    }
  }
  return { ok: true, mode: 'forwarded', change }
}

/** Stored credentials that no longer open (sealed for another endpoint) must be entered again. */
async function openStored(
  deps: KeyDeps,
  scope: TenantScope,
  before: SealedDevice,
): Promise<DeviceCredentials> {
  try {
    return await openCredentials(deps, scope, before, 'rebind')
  } catch (err) {
    if (!(err instanceof CredentialsUnboundError)) throw err
    const message =
      'The stored credentials were entered for other settings: enter the user name and password again.'
    throw new ValidationError({ username: message, password: message })
  }
}

export interface Rebound {
  mode: Extract<BindingDecision, { ok: true }>['mode']
  /** the endpoint settings that changed (for the audit entry) */
  changed: string[]
  /** new sealed columns for the row, or undefined when the stored ones stay valid */
  sealed: SealedColumns | undefined
  /** the credentials for the new endpoint (decrypts stored ones only when called) */
  open(): Promise<DeviceCredentials>
}

/**
 * Applies the rule to a change of a stored device: throws ValidationError (field messages, nothing
 * decrypted, nothing sent) when it does not hold; otherwise returns the columns to store.
 * @example const r = await rebindCredentials(deps, scope, row, endpointOf(input), given, confirm)
 */
export async function rebindCredentials(
  deps: KeyDeps,
  scope: TenantScope,
  before: SealedDevice,
  after: DeviceEndpoint,
  given: GivenCredentials,
  confirm: Confirmation,
): Promise<Rebound> {
  const d = bindingDecision(before, after, given, confirm)
  if (!d.ok) throw new ValidationError(d.fields)
  const open = async (): Promise<DeviceCredentials> => {
    const stored =
      given.username !== null && given.password !== null
        ? undefined
        : await openStored(deps, scope, before)
    return {
      username: given.username ?? stored?.username ?? '',
      password: given.password ?? stored?.password ?? '',
    }
  }
  const resealNeeded =
    given.username !== null ||
    given.password !== null ||
    endpointDigest(before) !== endpointDigest(after)
  if (!resealNeeded) return { mode: d.mode, changed: d.change.changed, sealed: undefined, open }
  const creds = await open()
  const key = await dataKeyFor(deps, scope)
  const sealed = sealCredentials(key, scope.tenantId, before.id, creds, after)
  return { mode: d.mode, changed: d.change.changed, sealed, open: async () => creds }
}
