// drain() waits for everything due, including the scan a finished send starts for its tenant. The
// race it closes: a send ends while drain's own scan is reading the due rows (the channel still
// counted busy, so that scan starts nothing); the send's follow-up scan then runs after drain's,
// and drain returned with messages of that channel still waiting. Reading due rows is slowed here
// (a plugin delaying the dispatcher's reads of due rows), so a send always ends inside it. The
// race needs a second connection for the send's write, so it shows on PostgreSQL (the PostgreSQL
// pass of npm test); SQLite's one connection makes the send wait for the read.
import {
  SelectQueryNode,
  TableNode,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Database } from '../../../src/db/schema.ts'
import { NotificationDispatcher } from '../../../src/notifications/index.ts'
import { createNotifyHarness, type NotifyHarness } from './notify-harness.ts'

const READ_DELAY_MS = 300

class SlowOutboxReads implements KyselyPlugin {
  readonly #slow = new Set<unknown>()
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node
    // the due rows: the one read of alert_outbox in a limited order
    if (SelectQueryNode.is(node) && node.orderBy !== undefined && node.limit !== undefined) {
      const tables = (node.from?.froms ?? []).filter(TableNode.is)
      if (tables.some((t) => t.table.identifier.name === 'alert_outbox'))
        this.#slow.add(args.queryId)
    }
    return node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#slow.delete(args.queryId))
      await new Promise((resolve) => setTimeout(resolve, READ_DELAY_MS))
    return args.result
  }
}

/** The database handle with the plugin kept when a tenant scope drops the handle's plugins. */
function withSlowOutboxReads(db: Kysely<Database>): Kysely<Database> {
  const slow = new SlowOutboxReads()
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'withoutPlugins') return () => target.withoutPlugins().withPlugin(slow)
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value
    },
  })
}

let h: NotifyHarness
let dispatcher: NotificationDispatcher

beforeEach(async () => {
  h = await createNotifyHarness()
  dispatcher = new NotificationDispatcher({
    ...h.deps,
    kysely: withSlowOutboxReads(h.deps.kysely),
    clock: h.clock,
    config: { ...h.deps.config, notify: { floodLimit: 10, timeoutMs: 5000 } },
  })
})
afterEach(async () => {
  await dispatcher.stop()
  await h.close()
})

it('returns only when every due message of a channel was sent, one after another', async () => {
  const ch = await h.webhook('One channel')
  const ids: string[] = []
  for (let i = 0; i < 4; i++) ids.push(await h.queue(h.scope, ch))
  await dispatcher.drain()
  expect(h.rx.received).toHaveLength(4)
  const states = await Promise.all(ids.map(async (id) => (await h.outbox(id)).state))
  expect(states).toEqual(['sent', 'sent', 'sent', 'sent'])
})
