import { INTERFACE_PATH, parseInterfaces } from '../../routeros/commands/interface.ts'
import type { Collector } from './collector.ts'

const PROPS = [
  '.id',
  'name',
  'type',
  'default-name',
  'mac-address',
  'mtu',
  'comment',
  'running',
  'disabled',
  'slave',
  'dynamic',
  'link-downs',
  'rx-byte',
  'tx-byte',
  'rx-packet',
  'tx-packet',
  'rx-drop',
  'tx-drop',
  'rx-error',
  'tx-error',
]

/** Interfaces with their 64-bit counters; `.proplist` skips the fast-path and queue fields. */
export const interfaces: Collector<'interfaces'> = {
  kind: 'interfaces',
  appliesTo: () => true,
  collect: async ({ session }) =>
    parseInterfaces(await session.print(INTERFACE_PATH, { proplist: PROPS })),
}
