// Persistence of the tenant's wrapped data key (src/lib/tenant-keys.ts does the crypto).
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'
import type { WrappedKeyStore } from '../lib/tenant-keys.ts'

/** A WrappedKeyStore on the tenant_keys table of one scope. */
export function tenantKeyStore(scope: TenantScope, now: () => number): WrappedKeyStore {
  const load = async () => {
    const row = await scope.selectFrom('tenant_keys').select('wrapped_key').executeTakeFirst()
    return row?.wrapped_key
  }
  return {
    load,
    async insertIfAbsent(_tenantId, wrapped) {
      // UNIQUE (tenant_id): when two first uses race, the second insert is ignored and both
      // read back the one stored key.
      await scope
        .insertInto('tenant_keys', { id: newId(now()), wrapped_key: wrapped, created_at: now() })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute()
      const stored = await load()
      if (stored === undefined) throw new Error('tenant key was not stored')
      return stored
    },
  }
}
