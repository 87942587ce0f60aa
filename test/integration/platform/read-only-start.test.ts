// Start-up on a read-only file system (a tmpfs the test mounts and remounts read-only) says so in
// words, instead of the misleading ENOENT that Node's recursive mkdir reports there.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOutpost } from '../../../src/startup.ts'
import { mountTmpfs, type Tmpfs } from '../../support/tmpfs.ts'

let fs: Tmpfs
beforeAll(() => {
  fs = mountTmpfs(1024 * 1024)
  mkdirSync(join(fs.dir, 'existing'))
  fs.readOnly()
})
afterAll(() => fs.unmount())

const silent = new Writable({ write: (_chunk, _enc, done) => done() })
const start = (dataDir: string) =>
  startOutpost(
    { OUTPOST_DATA_DIR: dataDir, OUTPOST_PORT: '0', OUTPOST_HOST: '127.0.0.1' },
    { logDestination: silent },
  )

describe('start-up on a read-only file system', () => {
  it('names the read-only file system when the data directory must be created', async () => {
    const dir = join(fs.dir, 'state', 'outpost')
    await expect(start(dir)).rejects.toThrow(
      `data directory ${dir} cannot be created: read-only file system (EROFS)`,
    )
  })

  it('names the read-only file system when the data directory exists', async () => {
    const dir = join(fs.dir, 'existing')
    await expect(start(dir)).rejects.toThrow(
      `data directory ${dir} is not writable: read-only file system (EROFS)`,
    )
  })
})
