// Overlay address plan: the configured range (default 100.127.0.0/16) is cut into per-tenant
// blocks (default /24). Block 0 holds the appliance's own address (its first host); tenant blocks
// start at 1, and a device gets the next free host address of its tenant's block.

export interface AddressPlan {
  range: { network: number; prefix: number }
  tenantPrefix: number
}

export function ipToString(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')
}

export function ipToNumber(text: string): number {
  return text.split('.').reduce((n, o) => n * 256 + Number(o), 0)
}

const blockSize = (p: AddressPlan) => 2 ** (32 - p.tenantPrefix)

/** How many tenant blocks the range holds (block 0 is the appliance's). */
export function blockCount(p: AddressPlan): number {
  return 2 ** (p.tenantPrefix - p.range.prefix) - 1
}

/** The appliance's overlay address, e.g. 100.127.0.1. */
export function applianceAddress(p: AddressPlan): string {
  return ipToString(p.range.network + 1)
}

/** A tenant block as CIDR, e.g. block 3 → 100.127.3.0/24. */
export function blockCidr(p: AddressPlan, block: number): string {
  return `${ipToString(p.range.network + block * blockSize(p))}/${p.tenantPrefix}`
}

/** Host addresses of a block, lowest first (network and broadcast excluded). */
export function blockHosts(p: AddressPlan, block: number): string[] {
  const base = p.range.network + block * blockSize(p)
  const out: string[] = []
  for (let i = 1; i < blockSize(p) - 1; i++) out.push(ipToString(base + i))
  return out
}

/** Whether `address` lies in the block. */
export function inBlock(p: AddressPlan, block: number, address: string): boolean {
  const base = p.range.network + block * blockSize(p)
  const n = ipToNumber(address)
  return n >= base && n < base + blockSize(p)
}
