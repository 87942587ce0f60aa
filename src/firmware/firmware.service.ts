// The fleet Firmware page and "check now": installed RouterOS and RouterBOOT versions, channel
// and available version per device, counts by version. The poller checks once a day; "check now"
// asks the selected routers over SSH at once (read-only: check-for-updates changes nothing).
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { DeviceAccess } from '../device-access/index.ts'
import { classifyError } from '../device-access/index.ts'
import { parseCliProps } from '../jobs/index.ts'
import { NotFoundError } from '../lib/errors.ts'
import type { Clock } from '../lib/time.ts'
import { firmwareRows, saveCheck, type FirmwareSourceRow } from './firmware.repo.ts'
import type { FirmwareDeviceView, FirmwareFleetView } from './firmware.types.ts'

export interface FirmwareCtx {
  deps: { deviceAccess: DeviceAccess; clock: Clock }
  scope: TenantScope
}

interface PackageSnap {
  channel?: string
  installedVersion?: string
  latestVersion?: string
}
interface RouterboardSnap {
  routerboard?: boolean
  currentFirmware?: string
  upgradeFirmware?: string
}

const parse = <T>(s: string | null): T | undefined =>
  s === null ? undefined : (JSON.parse(s) as T)

function toView(r: FirmwareSourceRow): FirmwareDeviceView {
  const pkg = parse<PackageSnap>(r.packageJson)
  const rb = parse<RouterboardSnap>(r.routerboardJson)
  // "check now" is newer than the poller's reading when it is the later of the two
  const useCheck =
    r.checkedAt !== null &&
    (r.packageAt === null || r.checkedAt >= r.packageAt) &&
    r.checkError === null
  const installed =
    (useCheck ? r.checkInstalled : pkg?.installedVersion) ?? r.version?.split(' ')[0] ?? null
  const latest = (useCheck ? r.checkLatest : pkg?.latestVersion) ?? null
  return {
    deviceId: r.id,
    name: r.name,
    board: r.board,
    installed,
    channel: (useCheck ? r.checkChannel : pkg?.channel) ?? null,
    latest,
    updateAvailable: latest !== null && installed !== null && latest !== installed,
    routerboard: rb?.routerboard ?? (r.checkCurrentFw !== null ? true : null),
    currentFirmware:
      (useCheck ? r.checkCurrentFw : rb?.currentFirmware) ?? rb?.currentFirmware ?? null,
    upgradeFirmware:
      (useCheck ? r.checkUpgradeFw : rb?.upgradeFirmware) ?? rb?.upgradeFirmware ?? null,
    checkedAt: useCheck ? r.checkedAt : (r.packageAt ?? r.checkedAt),
    checkError: r.checkError,
  }
}

export async function fleetFirmware(ctx: Pick<FirmwareCtx, 'scope'>): Promise<FirmwareFleetView> {
  const devices = (await firmwareRows(ctx.scope)).map(toView)
  const counts = new Map<string, number>()
  for (const d of devices)
    counts.set(d.installed ?? 'unknown', (counts.get(d.installed ?? 'unknown') ?? 0) + 1)
  const byVersion = [...counts]
    .map(([version, count]) => ({ version, count }))
    .sort((a, b) => b.count - a.count || a.version.localeCompare(b.version))
  return { devices, byVersion, updatesAvailable: devices.filter((d) => d.updateAvailable).length }
}

/** Asks each device for its available version now (a few at a time, within the session limits). */
export async function checkFirmwareNow(
  ctx: FirmwareCtx,
  selected: readonly string[],
): Promise<{ checked: number; failed: number }> {
  const known = (await firmwareRows(ctx.scope)).map((r) => r.id as string)
  const have = new Set(known)
  if (selected.some((id) => !have.has(id)))
    throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const deviceIds = selected.length > 0 ? selected : known
  let next = 0
  let failed = 0
  const one = async (id: string) => {
    const now = ctx.deps.clock.now()
    try {
      const r = await ctx.deps.deviceAccess.sshExec(
        ctx.scope,
        id,
        '/system package update check-for-updates once\n/system package update print\n/system routerboard print',
        { timeoutMs: 60_000 },
      )
      const p = parseCliProps(r.stdout)
      const rb = p.routerboard === 'yes' || p.routerboard === 'true'
      await saveCheck(ctx.scope, {
        device_id: id as DeviceId,
        channel: p.channel ?? null,
        installed_version: p['installed-version'] ?? p['current-version'] ?? null,
        latest_version: p['latest-version'] ?? null,
        current_firmware: rb ? (p['current-firmware'] ?? null) : null,
        upgrade_firmware: rb ? (p['upgrade-firmware'] ?? null) : null,
        checked_at: now,
        error: p['latest-version']
          ? null
          : `The check for updates failed: ${p.status ?? 'no latest version reported'}.`,
      })
    } catch (err) {
      failed++
      await saveCheck(ctx.scope, {
        device_id: id as DeviceId,
        channel: null,
        installed_version: null,
        latest_version: null,
        current_firmware: null,
        upgrade_firmware: null,
        checked_at: now,
        error: classifyError(err).reason,
      })
    }
  }
  const worker = async () => {
    while (next < deviceIds.length) await one(deviceIds[next++] as string)
  }
  await Promise.all(Array.from({ length: Math.min(8, deviceIds.length) }, worker))
  return { checked: deviceIds.length, failed }
}
