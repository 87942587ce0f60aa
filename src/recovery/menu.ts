// The recovery console's text menu, driven over one SSH shell session. Each choice calls the
// recovery service (which audits it); the menu only asks, confirms and prints.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { backupsDir, listLocalSnapshots, snapshotPassphrase } from '../appliance-backup/index.ts'
import type { LineReader } from './line-reader.ts'
import {
  createBackup,
  factoryReset,
  networkAddresses,
  removeSecondFactor,
  resetPassword,
  restart,
  restoreBackup,
  status,
  unlockUser,
  type RecoveryContext,
} from './recovery.service.ts'

export const FACTORY_RESET_PHRASE = 'erase everything'

const MENU = `
Outpost recovery console
  1) Status
  2) Reset a user's password
  3) Unlock a user (re-enable, clear sign-in throttling)
  4) Network settings and HTTPS fingerprint
  5) Create an appliance backup
  6) Restore an appliance backup
  7) Restart the service
  8) Factory reset
  9) Remove a user's second factor (two-step verification)
  0) Exit
`

/** Runs until the user exits, hangs up or a restart ends the session. */
export async function runMenu(ctx: RecoveryContext, io: LineReader): Promise<void> {
  for (;;) {
    io.write(MENU)
    const choice = await io.ask('choice> ')
    if (choice === null) {
      if (io.closed) return
      continue
    }
    const action = ACTIONS[choice.trim()]
    if (choice.trim() === '0' || choice.trim() === 'q') return
    if (action === undefined) {
      io.write(`unknown choice "${choice.trim()}"\n`)
      continue
    }
    const again = await action(ctx, io).catch((err: unknown) => {
      ctx.deps.log.error({ err: (err as Error).message }, 'recovery console action failed')
      io.write(`failed: ${(err as Error).message}\n`)
      return true
    })
    if (!again) return
  }
}

type Action = (ctx: RecoveryContext, io: LineReader) => Promise<boolean>

const ACTIONS: Record<string, Action> = {
  '1': async (ctx, io) => {
    const s = await status(ctx)
    const byStatus = Object.entries(s.devices.byStatus)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')
    io.write(
      `version ${s.version}, up ${s.uptimeS} s, data ${(s.dataBytes / 1_048_576).toFixed(1)} MiB\n`,
    )
    io.write(`devices ${s.devices.total}${byStatus === '' ? '' : ` (${byStatus})`}\n`)
    io.write(s.errors.length === 0 ? 'no device errors\n' : 'last device errors:\n')
    for (const e of s.errors) io.write(`  ${e.name}: ${e.error}\n`)
    return true
  },
  '2': async (ctx, io) => {
    const username = (await io.ask('user name> '))?.trim()
    if (!username) return true
    const password = await resetPassword(ctx, username)
    io.write(
      password === undefined
        ? `no user "${username}"\n`
        : `one-time password for ${username}: ${password}\nthe user must choose a new password at the next sign-in\n`,
    )
    return true
  },
  '3': async (ctx, io) => {
    const username = (await io.ask('user name> '))?.trim()
    if (!username) return true
    io.write(
      (await unlockUser(ctx, username)) ? `${username} unlocked\n` : `no user "${username}"\n`,
    )
    return true
  },
  '4': async (ctx, io) => {
    const n = ctx.network()
    io.write(`HTTP  ${n.httpUrl}\n`)
    io.write(
      n.https === undefined
        ? 'HTTPS off\n'
        : `HTTPS ${n.https.url} (${n.https.source} certificate, valid to ${n.https.validTo.toISOString()})\n      SHA-256 fingerprint ${n.https.fingerprint}\n`,
    )
    io.write(`recovery console port ${n.recoveryPort}, host key ${n.recoveryHostKey}\n`)
    for (const line of networkAddresses()) io.write(`  ${line}\n`)
    return true
  },
  '5': async (ctx, io) => {
    io.write('taking a snapshot...\n')
    const { file } = await createBackup(ctx)
    const from =
      ctx.deps.config.backup.passphrase === undefined
        ? `the passphrase in ${join(ctx.deps.config.dataDir, 'backup-passphrase')}`
        : 'OUTPOST_BACKUP_PASSPHRASE'
    io.write(`written ${file}\nencrypted with ${from}\n`)
    return true
  },
  '6': async (ctx, io) => {
    const local = listLocalSnapshots(ctx.deps.config.dataDir)
    local.forEach((s, i) => io.write(`  ${i + 1}) ${s.name} (${s.bytes} bytes)\n`))
    const pick = (await io.ask('snapshot number or path of an archive> '))?.trim()
    if (!pick) return true
    const index = /^\d+$/.test(pick) ? Number(pick) - 1 : -1
    const file =
      index >= 0 && index < local.length
        ? join(backupsDir(ctx.deps.config.dataDir), local[index]!.name)
        : pick
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch (err) {
      io.write(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})\n`)
      return true
    }
    const typed = await io.ask('passphrase (empty: the appliance snapshot passphrase)> ', {
      hidden: true,
    })
    if (typed === null) return true
    const passphrase = typed === '' ? snapshotPassphrase(ctx.deps.config) : typed
    const result = await restoreBackup(ctx, bytes, passphrase, file)
    if (typeof result === 'string') {
      io.write(`restore refused: ${result}; nothing was changed\n`)
      return true
    }
    io.write(
      `backup of ${result.createdAt} verified; the service restarts now to put it in place\n`,
    )
    return false
  },
  '7': async (ctx, io) => {
    io.write('restarting; reconnect in a few seconds\n')
    await restart(ctx)
    return false
  },
  '8': async (ctx, io) => {
    io.write('Factory reset deletes all users, tenants, devices, metrics and secrets.\n')
    const typed = await io.ask(`type "${FACTORY_RESET_PHRASE}" to confirm> `)
    if (typed?.trim() !== FACTORY_RESET_PHRASE) {
      io.write('not confirmed; nothing was changed\n')
      return true
    }
    io.write(
      'resetting; the service restarts with a new first admin (see initial-admin-password)\n',
    )
    await factoryReset(ctx)
    return false
  },
  '9': async (ctx, io) => {
    const username = (await io.ask('user name> '))?.trim()
    if (!username) return true
    const r = await removeSecondFactor(ctx, username)
    const said = {
      removed: `second factor of ${username} removed; they sign in with the password alone and may enrol again\n`,
      none: `${username} has no second factor\n`,
      no_user: `no user "${username}"\n`,
    }
    io.write(said[r])
    return true
  },
}
