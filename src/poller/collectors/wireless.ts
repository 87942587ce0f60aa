import {
  parseRegistrations,
  REGISTRATION_PATHS,
} from '../../routeros/commands/registration-table.ts'
import { TrapError } from '../../routeros/errors.ts'
import type { CollectContext, Collector } from './collector.ts'

/**
 * Which registration table a version has: v6 only the legacy `wireless` package; v7 `wifi`
 * (7.13+), `wifiwave2` (7.1–7.12) or legacy `wireless`. A missing package answers
 * `!trap no such command prefix`, so the first menu that answers is cached until the version
 * changes (an upgrade can add or remove packages).
 */
async function findMenu(ctx: CollectContext): Promise<string | null> {
  const cached = ctx.probes.wireless
  if (cached !== undefined && cached.version === ctx.version) return cached.menu
  const candidates =
    ctx.majorVersion === 6
      ? [REGISTRATION_PATHS.wireless]
      : [REGISTRATION_PATHS.wifi, REGISTRATION_PATHS.wifiwave2, REGISTRATION_PATHS.wireless]
  let menu: string | null = null
  for (const path of candidates) {
    try {
      await ctx.session.count(path)
      menu = path
      break
    } catch (e) {
      if (!(e instanceof TrapError)) throw e
    }
  }
  ctx.probes.wireless = { version: ctx.version, menu }
  return menu
}

/** Connected wireless clients with signal, from whichever wireless package the device runs. */
export const wireless: Collector<'wireless'> = {
  kind: 'wireless',
  appliesTo: () => true,
  collect: async (ctx) => {
    const menu = await findMenu(ctx)
    if (menu === null) return []
    return parseRegistrations(await ctx.session.print(menu))
  },
}
