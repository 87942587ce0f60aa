/**
 * The upgrade path of a simulated router (ROUTEROS.md 11.4): `check-for-updates` learns the
 * channel's latest version, `download` fetches it (status `Downloaded, please reboot router to
 * upgrade it`), the next boot installs it; `install` is download + reboot. `/system routerboard
 * upgrade` stages the RouterBOOT image of the running RouterOS, which takes effect on the next
 * reboot. Firmware faults (set with `faults.set`) make the download fail, the router not come back
 * after a reboot, or come back on the old version (a failed install).
 */
import type { ExecResult } from './commands.ts'
import type { SimRouter } from './device.ts'
import { requirePolicy, type ExecContext } from './policy.ts'
import type { Row } from './runtime.ts'
import { Trap } from './trap.ts'
import { atLeast } from './version.ts'

type Cmd = (dev: SimRouter, attrs: Record<string, string>, ctx: ExecContext) => ExecResult

export const DOWNLOADED = 'Downloaded, please reboot router to upgrade it'
export const DOWNLOAD_FAILED = 'ERROR: could not download package'

/** `status` of /system/package/update after the last command. */
export function updateStatus(dev: SimRouter): string {
  if (dev.updateError !== undefined) return dev.updateError
  if (dev.pendingVersion !== undefined) return DOWNLOADED
  return atLeast(dev.version, dev.latestVersion)
    ? 'System is already up to date'
    : 'New version is available'
}

function packageRow(dev: SimRouter): Row {
  return {
    channel: dev.persona.channel,
    'installed-version': dev.version,
    'latest-version': dev.latestVersion,
    status: updateStatus(dev),
  }
}

const checkForUpdates: Cmd = (dev) => {
  dev.updateChecked = true
  dev.updateError = undefined
  return { rows: [packageRow(dev)] }
}

function download(dev: SimRouter): boolean {
  dev.updateChecked = true
  if (atLeast(dev.version, dev.latestVersion)) return false
  if (dev.faults.settings.downloadFails) {
    dev.updateError = DOWNLOAD_FAILED
    dev.addLog('system,error', `failed to download RouterOS ${dev.latestVersion}`)
    throw new Trap(DOWNLOAD_FAILED, 4)
  }
  dev.updateError = undefined
  dev.pendingVersion = dev.latestVersion
  dev.addLog('system,info', `downloaded RouterOS ${dev.latestVersion}`)
  return true
}

const downloadCmd: Cmd = (dev, _a, ctx) => {
  requirePolicy(ctx, 'write')
  download(dev)
  return {}
}

const install: Cmd = (dev, _a, ctx) => {
  requirePolicy(ctx, 'reboot', 'write')
  if (!download(dev)) return {}
  return { after: () => dev.reboot() }
}

const routerboardUpgrade: Cmd = (dev, _a, ctx) => {
  requirePolicy(ctx, 'write')
  if (!dev.persona.routerboard) throw new Trap('failure: not a RouterBOARD', 4)
  dev.firmwareStaged = true
  dev.addLog(
    'system,info,critical',
    'Firmware upgraded successfully, please reboot for changes to take effect!',
  )
  return {}
}

export const FIRMWARE_COMMANDS: Readonly<Record<string, Cmd>> = {
  '/system/package/update|check-for-updates': checkForUpdates,
  '/system/package/update|download': downloadCmd,
  '/system/package/update|install': install,
  '/system/routerboard|upgrade': routerboardUpgrade,
}

/** What a boot does to the software: install the downloaded version (unless faulted), apply RouterBOOT. */
export function bootFirmware(dev: SimRouter): void {
  if (dev.pendingVersion !== undefined) {
    if (dev.faults.settings.keepsOldVersion) {
      dev.addLog(
        'system,error',
        `installing RouterOS ${dev.pendingVersion} failed; still ${dev.version}`,
      )
    } else {
      dev.addLog('system,info', `upgraded RouterOS from ${dev.version} to ${dev.pendingVersion}`)
      dev.version = dev.pendingVersion
    }
    dev.pendingVersion = undefined
  }
  if (dev.firmwareStaged) {
    dev.firmware = dev.version
    dev.firmwareStaged = false
  }
  dev.updateError = undefined
}
