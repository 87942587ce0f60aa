// Tenant isolation on the appliance: packets that arrive on the overlay interface may be
// forwarded only within the sender's own tenant block; everything else routed into or out of the
// overlay is dropped. WireGuard's allowed-ips already pins each peer's source address to its own
// /32, so the source address in these rules is trustworthy. nftables when present, iptables
// otherwise; the whole rule set is replaced atomically on every change.
import { HostCommandError, runHost, type HostExecOptions } from './host-exec.ts'

export type FirewallTool = 'nft' | 'iptables'

/** Which firewall tool this host has (nft preferred), undefined when neither works. */
export async function detectFirewall(opts: HostExecOptions): Promise<FirewallTool | undefined> {
  for (const tool of ['nft', 'iptables'] as const) {
    try {
      await runHost(opts, tool, tool === 'nft' ? ['list', 'tables'] : ['-S', 'FORWARD'])
      return tool
    } catch (err) {
      if (!(err instanceof HostCommandError)) throw err
    }
  }
  return undefined
}

const tableName = (ifname: string) => `outpost_${ifname.replace(/[^a-zA-Z0-9_]/g, '_')}`

/** The nftables script: replaces our table in one transaction. */
export function nftRules(ifname: string, blocks: readonly string[]): string {
  const t = tableName(ifname)
  const same = blocks.map(
    (b) => `    iifname "${ifname}" oifname "${ifname}" ip saddr ${b} ip daddr ${b} accept`,
  )
  return [
    `table inet ${t}`,
    `delete table inet ${t}`,
    `table inet ${t} {`,
    '  chain forward {',
    '    type filter hook forward priority -10; policy accept;',
    ...same,
    `    iifname "${ifname}" drop`,
    `    oifname "${ifname}" drop`,
    '  }',
    '}',
    '',
  ].join('\n')
}

/**
 * Installs the isolation rules for `ifname` with one allowed block (CIDR) per tenant.
 * @example await applyIsolation({}, 'nft', 'outpost-wg', ['100.127.1.0/24'])
 */
export async function applyIsolation(
  opts: HostExecOptions,
  tool: FirewallTool,
  ifname: string,
  blocks: readonly string[],
): Promise<void> {
  if (tool === 'nft') {
    await runHost(opts, 'nft', ['-f', '-'], nftRules(ifname, blocks))
    return
  }
  const chain = `OUTPOST-${ifname}`.slice(0, 28)
  await runHost(opts, 'iptables', ['-N', chain]).catch(() => undefined)
  await runHost(opts, 'iptables', ['-F', chain])
  for (const b of blocks)
    await runHost(opts, 'iptables', [
      ...['-A', chain, '-i', ifname, '-o', ifname, '-s', b, '-d', b, '-j', 'ACCEPT'],
    ])
  await runHost(opts, 'iptables', ['-A', chain, '-i', ifname, '-j', 'DROP'])
  await runHost(opts, 'iptables', ['-A', chain, '-o', ifname, '-j', 'DROP'])
  const jump = ['FORWARD', '-j', chain]
  await runHost(opts, 'iptables', ['-C', ...jump]).catch(() =>
    runHost(opts, 'iptables', ['-I', ...jump]),
  )
}

/** Removes the rules again (interface taken down). */
export async function removeIsolation(
  opts: HostExecOptions,
  tool: FirewallTool,
  ifname: string,
): Promise<void> {
  if (tool === 'nft') {
    await runHost(opts, 'nft', ['delete', 'table', 'inet', tableName(ifname)]).catch(
      () => undefined,
    )
    return
  }
  const chain = `OUTPOST-${ifname}`.slice(0, 28)
  await runHost(opts, 'iptables', ['-D', 'FORWARD', '-j', chain]).catch(() => undefined)
  await runHost(opts, 'iptables', ['-F', chain]).catch(() => undefined)
  await runHost(opts, 'iptables', ['-X', chain]).catch(() => undefined)
}
