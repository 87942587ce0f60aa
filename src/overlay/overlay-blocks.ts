// A tenant's address block and a device's address in it, allocated on first use. Two enrollments
// racing for the same block or address lose on a UNIQUE index and try the next one.
import type { Config } from '../config.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { ConflictError } from '../lib/errors.ts'
import { blockCount, blockHosts } from './addresses.ts'
import { takenBlocks, type FleetDeps } from './overlay-fleet.ts'
import { findBlock, findPeer, insertBlock, insertPeer, usedAddresses } from './overlay.repo.ts'

type Plan = Config['overlay']

export async function ensureBlock(
  deps: FleetDeps,
  plan: Plan,
  scope: TenantScope,
  now: number,
): Promise<number> {
  const own = await findBlock(scope)
  if (own !== undefined) return own
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = await takenBlocks(deps)
    let block = 1
    while (taken.has(block)) block++
    if (block > blockCount(plan))
      throw new ConflictError('The overlay address range has no free tenant block left.', {
        code: 'overlay_range_full',
      })
    if (await insertBlock(scope, block, now)) return block
  }
  throw new ConflictError('Could not claim an overlay address block; try again.')
}

/** The device's overlay address, allocating the lowest free one in the tenant's block. */
export async function ensureAddress(
  scope: TenantScope,
  plan: Plan,
  block: number,
  deviceId: string,
  now: number,
): Promise<string> {
  const existing = await findPeer(scope, deviceId)
  if (existing) return existing.address
  const used = await usedAddresses(scope)
  const free = blockHosts(plan, block).find((a) => !used.has(a))
  if (free === undefined)
    throw new ConflictError("This tenant's overlay block has no free address left.", {
      code: 'overlay_block_full',
    })
  await insertPeer(scope, deviceId, free, now)
  return free
}
