import { mkdtempSync, rmSync, writeFileSync, createWriteStream, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openArchive, sealArchive } from '../../../src/appliance-backup/archive.ts'
import { writeArchive } from '../../../src/appliance-backup/archive-writer.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-archive-writer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const meta = {
  createdAt: '2026-12-06T00:00:00.000Z',
  appVersion: '1.2.3',
  migrations: ['0001-core'],
}

describe('streaming archive writer', () => {
  it('writes what openArchive reads, for files bigger than its buffers, and in-memory entries', async () => {
    // 24 MiB: random (incompressible) and zero pages mixed, crossing many 1 MiB read chunks
    const big = Buffer.concat(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? Buffer.alloc(2 << 20) : randomBytes(2 << 20))),
    )
    writeFileSync(join(dir, 'big.db'), big)
    const secrets = Buffer.from('{"version":1}\n')
    const out = join(dir, 'a.opbk')
    await writeArchive(
      meta,
      [
        { name: 'outpost.db', path: join(dir, 'big.db') },
        { name: 'secrets.json', data: secrets },
      ],
      'streamed passphrase',
      createWriteStream(out),
    )
    const { manifest, files } = openArchive(readFileSync(out), 'streamed passphrase')
    expect(manifest).toMatchObject({ format: 1, ...meta })
    expect(files.get('outpost.db')!.equals(big)).toBe(true)
    expect(files.get('secrets.json')!.equals(secrets)).toBe(true)
  })

  it('has the in-memory format: the same manifest and contents either way', async () => {
    const data = Buffer.from('tiny database')
    const out = join(dir, 'b.opbk')
    writeFileSync(join(dir, 'tiny.db'), data)
    await writeArchive(
      meta,
      [{ name: 'outpost.db', path: join(dir, 'tiny.db') }],
      'p',
      createWriteStream(out),
    )
    const streamed = openArchive(readFileSync(out), 'p')
    const sealed = openArchive(sealArchive(meta, new Map([['outpost.db', data]]), 'p'), 'p')
    expect(streamed.manifest).toEqual(sealed.manifest)
    expect(streamed.files).toEqual(sealed.files)
  })

  it('a truncated or altered streamed archive is refused', async () => {
    const bytes = readFileSync(join(dir, 'a.opbk'))
    expect(() => openArchive(bytes.subarray(0, bytes.length - 1), 'streamed passphrase')).toThrow(
      /damaged or truncated/,
    )
    const altered = Buffer.from(bytes)
    altered[bytes.length >> 1] = altered[bytes.length >> 1]! ^ 1
    expect(() => openArchive(altered, 'streamed passphrase')).toThrow(/damaged or truncated/)
  })
})
