import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isMountPoint, mountPoints } from '../../../src/lib/mount-point.ts'

const SAMPLE = [
  '80 53 0:41 / / rw,relatime - overlay overlay rw,lowerdir=/x',
  '84 80 254:0 /var/lib/containers/storage/volumes/a/_data /data rw,nosuid - ext4 /dev/vda rw',
  '85 80 0:50 / /mnt/with\\040space rw - tmpfs tmpfs rw',
  '',
].join('\n')

describe('mount points from /proc/self/mountinfo', () => {
  it('reads field 5 and undoes the octal escapes', () => {
    expect([...mountPoints(SAMPLE)]).toEqual(['/', '/data', '/mnt/with space'])
  })

  it('answers for a directory, ignoring a trailing slash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-mi-'))
    try {
      const file = join(dir, 'mountinfo')
      writeFileSync(file, SAMPLE)
      expect(isMountPoint('/data', file)).toBe(true)
      expect(isMountPoint('/data/', file)).toBe(true)
      expect(isMountPoint('/opt/outpost', file)).toBe(false)
      expect(isMountPoint('/', file)).toBe(true)
      // an unreadable table is no reason to alarm the operator
      expect(isMountPoint('/data', join(dir, 'missing'))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
