// The house rule "cross-tenant access goes through the allow-listed Unscoped handle, tenant data
// through a TenantScope" checked mechanically: every file that reaches `unscoped` must be on the
// reviewed list below, and nothing outside src/db runs queries on the raw Kysely handle.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')

/** Reviewed uses of Unscoped outside the always-allowed folders, each with its reason. */
const REVIEWED_UNSCOPED: Record<string, string> = {
  'src/deps.ts': 'builds the handle',
  'src/poller/index.ts': 'hands it to the scheduler',
  'src/users/users.service.ts': 'passes deps.unscoped on to user-rules.ts',
  'src/users/user-rules.ts': "counts a user's memberships in every tenant before removing one",
  'src/users/all-users.service.ts': 'super-admin list of all users with their memberships',
  'src/api-keys/authenticate-api-key.ts': 'finds a bearer key by hash before its tenant is known',
  'src/notifications/dispatcher.ts':
    'finds the tenants with notifications due (the outbox across tenants)',
  // WireGuard overlay (issue 14)
  'src/overlay/overlay-fleet.ts':
    'taken tenant blocks, the enrollment of a token, every enrolled peer for the interface',
  'src/overlay/overlay.service.ts': 'hands tx.unscoped to overlay-blocks.ts (free blocks)',
  'src/overlay/enroll.service.ts': "checks a public key is not already another peer's",
  // accounts and privacy (issue 19)
  'src/privacy/account-deletion.repo.ts':
    "a deleted account's memberships and the API keys it created, in every tenant",
  'src/privacy/account-deletion.service.ts': 'hands tx.unscoped to account-deletion.repo.ts',
  // edge appliances (issue 20)
  'src/edge/edge-auth.service.ts':
    'finds an edge token or credential by hash before its tenant is known',
  'src/edge/edge-apply.service.ts':
    'refuses a batch naming a device id that exists outside this edge (any tenant)',
  'src/edge/edge-forwarder.ts': 'finds the tenants linked to a central Outpost (at most one)',
  // several pollers (issue 20)
  'src/startup-pg.ts':
    "hands deps.unscoped to the cluster node: every tenant's pollable devices, split between the processes",
}
const ALWAYS_ALLOWED = [
  /^src\/db\//,
  /^src\/tenants\//,
  /^src\/auth\//,
  /^src\/poller\/scheduler\.ts$/,
  /^scripts\//,
]

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
}

const files = [...sourceFiles('src'), ...sourceFiles('views')]

describe('database handle usage', () => {
  it('reaches Unscoped only from allow-listed files', () => {
    const offenders = files.filter((f) => {
      if (ALWAYS_ALLOWED.some((re) => re.test(f)) || f in REVIEWED_UNSCOPED) return false
      return /\bunscoped\b|db\/unscoped/.test(readFileSync(join(root, f), 'utf8'))
    })
    expect(offenders, 'add a reviewed entry with its reason, or use a TenantScope').toEqual([])
  })
  it('runs no queries on the raw Kysely handle outside src/db', () => {
    const raw =
      /\bkysely\s*\.\s*(selectFrom|updateTable|deleteFrom|insertInto|replaceInto|mergeInto|with|executeQuery)\b|sql`[^`]*`\s*\.\s*execute\(\s*deps\.kysely/
    const offenders = files.filter(
      (f) => !f.startsWith('src/db/') && raw.test(readFileSync(join(root, f), 'utf8')),
    )
    expect(offenders).toEqual([])
  })
  it('keeps views free of database access', () => {
    const offenders = files.filter(
      (f) =>
        f.startsWith('views/') &&
        /from '.*\/db\/(connect|unscoped|global-db|with-transaction)\.ts'/.test(
          readFileSync(join(root, f), 'utf8'),
        ),
    )
    expect(offenders).toEqual([])
  })
})
