import {
  PACKAGE_UPDATE_PATH,
  parsePackageUpdate,
} from '../../routeros/commands/system-package-update.ts'
import { TrapError } from '../../routeros/errors.ts'
import type { Collector } from './collector.ts'

const DAY_MS = 86_400_000

/**
 * Available RouterOS update, once a day per device: `check-for-updates` asks MikroTik's servers
 * from the router, so it is not repeated every minute. A router without internet access traps;
 * the installed version is still read.
 */
export const packageUpdate: Collector<'package_update'> = {
  kind: 'package_update',
  appliesTo: ({ probes, now }) =>
    probes.packageCheckedAt === undefined || now - probes.packageCheckedAt >= DAY_MS,
  collect: async ({ session, probes, now }) => {
    try {
      await session.exec(`${PACKAGE_UPDATE_PATH}/check-for-updates`)
    } catch (e) {
      if (!(e instanceof TrapError)) throw e
    }
    const result = parsePackageUpdate(await session.print(PACKAGE_UPDATE_PATH))
    probes.packageCheckedAt = now
    return result
  },
}
