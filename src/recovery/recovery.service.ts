// What the recovery console can do, each action audited as the system actor "recovery console"
// with the SSH client's address. Changes that need the databases closed (restore, factory reset)
// are staged and applied by startup after a restart.
import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { hostname, networkInterfaces } from 'node:os'
import { join } from 'node:path'
import {
  ArchiveError,
  stageRestore,
  writeLocalSnapshot,
  type Manifest,
  type SnapshotSource,
} from '../appliance-backup/index.ts'
import { recordAudit, type AuditEntry } from '../audit/index.ts'
import {
  clearLoginThrottling,
  hashPassword,
  hashProfile,
  removeUserSecondFactor,
  revokeAllForUser,
} from '../auth/index.ts'
import type { Deps } from '../deps.ts'
import type { UserId } from '../lib/ids.ts'
import { APP_VERSION } from '../lib/version.ts'
import { temporaryPassword } from '../users/index.ts'
import {
  deviceCounts,
  findAccount,
  recentDeviceErrors,
  type DeviceCounts,
} from '../db/recovery-queries.ts'

export const FACTORY_RESET_MARKER = '.factory-reset'

export interface RecoveryContext {
  readonly deps: Deps
  /** the SSH client's address, for the audit trail */
  readonly ip: string
  readonly network: () => NetworkInfo
  /** the live database connections to snapshot */
  readonly source: SnapshotSource
  requestRestart(reason: string): void
}

export interface NetworkInfo {
  httpUrl: string
  https: { url: string; fingerprint: string; source: string; validTo: Date } | undefined
  recoveryPort: number
  recoveryHostKey: string
}

export async function audit(
  ctx: RecoveryContext,
  action: string,
  outcome: 'success' | 'failure',
  more: Partial<AuditEntry> = {},
): Promise<void> {
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: null,
      actor: { kind: 'system', id: null, name: 'recovery console' },
      ip: ctx.ip,
      action,
      outcome,
      ...more,
    },
    ctx.deps.clock.now(),
  )
}

export interface Status {
  version: string
  uptimeS: number
  dataBytes: number
  devices: DeviceCounts
  errors: { name: string; error: string; at: number | null }[]
}

export async function status(ctx: RecoveryContext): Promise<Status> {
  return {
    version: APP_VERSION,
    uptimeS: Math.round(process.uptime()),
    dataBytes: dirBytes(ctx.deps.config.dataDir),
    devices: await deviceCounts(ctx.deps),
    errors: await recentDeviceErrors(ctx.deps, 5),
  }
}

function dirBytes(dir: string): number {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) total += dirBytes(p)
    else if (e.isFile()) total += statSync(p).size
  }
  return total
}

export function networkAddresses(): string[] {
  const out: string[] = []
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? []) out.push(`${name} ${a.address}/${a.cidr?.split('/')[1] ?? ''}`)
  }
  return [`host name ${hostname()}`, ...out]
}

/** A new one-time password that must be changed at the next sign-in; every session ends. */
export async function resetPassword(
  ctx: RecoveryContext,
  username: string,
): Promise<string | undefined> {
  const account = await findAccount(ctx.deps, username)
  const target = { type: 'user', id: account?.id ?? null, label: username }
  if (account === undefined) {
    await audit(ctx, 'recovery.password_reset', 'failure', {
      target,
      details: { reason: 'no such user' },
    })
    return undefined
  }
  const password = temporaryPassword()
  const hash = await hashPassword(password, hashProfile(ctx.deps))
  const now = ctx.deps.clock.now()
  await ctx.deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({
        password_hash: hash,
        must_change_password: 1,
        password_changed_at: now,
        updated_at: now,
      })
      .where('id', '=', account.id as UserId)
      .execute()
    const revoked = await revokeAllForUser(tx, account.id as UserId, now)
    await recordAudit(
      tx,
      {
        tenantId: null,
        actor: { kind: 'system', id: null, name: 'recovery console' },
        ip: ctx.ip,
        action: 'recovery.password_reset',
        outcome: 'success',
        target,
        details: { revokedSessions: revoked },
      },
      now,
    )
  })
  return password
}

/** Re-enables a disabled account and lifts sign-in throttling. */
export async function unlockUser(ctx: RecoveryContext, username: string): Promise<boolean> {
  const account = await findAccount(ctx.deps, username)
  const target = { type: 'user', id: account?.id ?? null, label: username }
  if (account === undefined) {
    await audit(ctx, 'recovery.unlock', 'failure', { target, details: { reason: 'no such user' } })
    return false
  }
  const now = ctx.deps.clock.now()
  await ctx.deps.db
    .updateTable('users')
    .set({ is_disabled: 0, updated_at: now })
    .where('id', '=', account.id as UserId)
    .execute()
  clearLoginThrottling()
  await audit(ctx, 'recovery.unlock', 'success', {
    target,
    details: { wasDisabled: account.is_disabled === 1 },
  })
  return true
}

/** A lost authenticator without recovery codes: the user signs in with the password alone again. */
export async function removeSecondFactor(
  ctx: RecoveryContext,
  username: string,
): Promise<'removed' | 'none' | 'no_user'> {
  const account = await findAccount(ctx.deps, username)
  const target = { type: 'user', id: account?.id ?? null, label: username }
  if (account === undefined) {
    await audit(ctx, 'recovery.second_factor_remove', 'failure', {
      target,
      details: { reason: 'no such user' },
    })
    return 'no_user'
  }
  const had = await removeUserSecondFactor(ctx.deps.db, account.id as UserId)
  await audit(ctx, 'recovery.second_factor_remove', 'success', {
    target,
    details: { hadSecondFactor: had },
  })
  return had ? 'removed' : 'none'
}

export async function createBackup(ctx: RecoveryContext): Promise<{ name: string; file: string }> {
  const { config } = ctx.deps
  const { name } = await writeLocalSnapshot(ctx.source, config)
  await audit(ctx, 'recovery.backup_create', 'success', {
    target: { type: 'backup', id: name, label: name },
  })
  return { name, file: join(config.dataDir, 'backups', name) }
}

/** Stages the archive (nothing changes on failure) and restarts to swap it in. */
export async function restoreBackup(
  ctx: RecoveryContext,
  bytes: Buffer,
  passphrase: string,
  label: string,
): Promise<Manifest | string> {
  const target = { type: 'backup', id: null, label }
  try {
    const manifest = stageRestore(ctx.deps.config.dataDir, bytes, passphrase)
    await audit(ctx, 'recovery.restore', 'success', {
      target,
      details: { createdAt: manifest.createdAt },
    })
    ctx.requestRestart('restore')
    return manifest
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err
    await audit(ctx, 'recovery.restore', 'failure', { target, details: { reason: err.message } })
    return err.message
  }
}

export async function factoryReset(ctx: RecoveryContext): Promise<void> {
  await audit(ctx, 'recovery.factory_reset', 'success')
  writeFileSync(
    join(ctx.deps.config.dataDir, FACTORY_RESET_MARKER),
    `${new Date().toISOString()}\n`,
    { mode: 0o600 },
  )
  ctx.requestRestart('factory reset')
}

export async function restart(ctx: RecoveryContext): Promise<void> {
  await audit(ctx, 'recovery.restart', 'success')
  ctx.requestRestart('recovery console')
}
