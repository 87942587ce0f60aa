/**
 * Ed25519 SSH host keys for simulated devices, derived from a stable per-device seed (so a
 * device keeps its host key across reboots and simulator restarts, as a real router does), and
 * written in the OpenSSH private key format that ssh2 reads.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

export interface HostKey {
  /** OpenSSH private key file text (for ssh2's `hostKeys`). */
  privateKey: string
  /** `ssh-ed25519 AAAA…` public key line. */
  publicKey: string
  /** OpenSSH-style fingerprint: `SHA256:` + unpadded base64 of the public key blob's digest. */
  fingerprint: string
}

function sshString(b: Buffer | string): Buffer {
  const body = typeof b === 'string' ? Buffer.from(b) : b
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length)
  return Buffer.concat([len, body])
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}

/** Deterministic host key for `identity` (e.g. the device's serial number or name). */
export function deriveHostKey(identity: string): HostKey {
  const seed = createHash('sha256')
    .update('outpost-sim-hostkey:' + identity)
    .digest()
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' })
  const pub = spki.subarray(spki.length - 32)
  const blob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)])
  const check = seed.readUInt32BE(0)
  let priv = Buffer.concat([
    u32(check),
    u32(check),
    sshString('ssh-ed25519'),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(''),
  ])
  const pad: number[] = []
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i)
  priv = Buffer.concat([priv, Buffer.from(pad)])
  const file = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    u32(1),
    sshString(blob),
    sshString(priv),
  ])
  const b64 = file.toString('base64').replace(/(.{70})/g, '$1\n')
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `ssh-ed25519 ${blob.toString('base64')}`,
    fingerprint: 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, ''),
  }
}
