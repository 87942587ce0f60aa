// The container image sets OUTPOST_EXPECT_VOLUME: started without a volume on /data (RouterOS
// without a mount, `podman run --image-volume=ignore`), the log says the data dies with it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOutpost } from '../../../src/startup.ts'
import { mountTmpfs, type Tmpfs } from '../../support/tmpfs.ts'

const WARNING = 'the data directory is not a mounted volume: all data is lost with the container'

let fs: Tmpfs
let plain: string
beforeAll(() => {
  fs = mountTmpfs(16 * 1024 * 1024)
  plain = mkdtempSync(join(tmpdir(), 'outpost-novol-'))
})
afterAll(() => {
  fs.unmount()
  rmSync(plain, { recursive: true, force: true })
})

async function startupLog(dataDir: string, expectVolume: string): Promise<string> {
  let text = ''
  const sink = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) })
  const env = {
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_EXPECT_VOLUME: expectVolume,
    OUTPOST_ARGON2_PROFILE: 'light',
  }
  const outpost = await startOutpost(env, { logDestination: sink })
  await outpost.stop()
  return text
}

describe('start-up without a data volume', () => {
  it('warns when the image expects a volume and the data directory is not a mount point', async () => {
    expect(await startupLog(plain, 'true')).toContain(WARNING)
  })

  it('stays quiet when the data directory is a mounted volume', async () => {
    expect(await startupLog(fs.dir, 'true')).not.toContain(WARNING)
  })

  it('stays quiet outside the container image (a checkout with ./data)', async () => {
    expect(await startupLog(plain, 'false')).not.toContain(WARNING)
  })
})
