import type { Row } from '../../routeros/session.ts'
import type { Collector } from './collector.ts'

/**
 * RouterOS logs every configuration edit under topics `system,info`: `<item> added by <user>`,
 * `… changed by …`, `… moved by …`, `… removed by …` (v6 and v7; newer v7 appends the session
 * and command). Loose on purpose: the wording of the item varies by menu and version.
 */
const EDIT = /\b(added|changed|removed|moved) by \S+/

const logId = (r: Row): number => Number.parseInt((r['.id'] ?? '').replace(/^\*/, ''), 16)

/**
 * Edit lines logged since the previous poll. The first poll of a device only notes where the log
 * is (older lines were backed up or are about to be); a log that restarted (reboot) is read whole.
 */
export const configLog: Collector<'config_log'> = {
  kind: 'config_log',
  appliesTo: () => true,
  collect: async ({ session, probes }) => {
    const rows = await session.print('/log', {
      proplist: ['.id', 'message'],
      query: ['?topics=system,info'],
    })
    const ids = rows.map(logId).filter((n) => Number.isFinite(n))
    const max = ids.length > 0 ? Math.max(...ids) : 0
    const seen = probes.logSeenId
    probes.logSeenId = Math.max(max, seen !== undefined && max >= seen ? seen : 0)
    if (seen === undefined) return { edits: [] }
    const from = max < seen ? 0 : seen
    const edits = rows
      .filter((r) => logId(r) > from && EDIT.test(r.message ?? ''))
      .map((r) => r.message ?? '')
    return { edits: edits.slice(-20) }
  },
}
