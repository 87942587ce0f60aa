/**
 * `/interface wireguard` and its peers as RouterOS v7 keeps them: an interface added without a
 * private key gets a freshly generated x25519 pair (the router's key never leaves it; the public
 * half is readable), listen-port 13231 and mtu 1420; a peer needs an existing WireGuard interface
 * and a valid public key.
 */
import { x25519 } from '@noble/curves/ed25519.js'
import type { SimRouter } from './device.ts'
import { TRAP } from './trap.ts'

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

function validKey(text: string): boolean {
  return /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(text)
}

export function wireguardProps(
  dev: SimRouter,
  path: string,
  verb: 'add' | 'set',
  props: Record<string, string>,
): Record<string, string> {
  if (path === '/interface/wireguard') {
    if (props['private-key'] !== undefined) {
      if (!validKey(props['private-key'])) throw TRAP.invalidValue('private-key')
      props['public-key'] = b64(x25519.getPublicKey(Buffer.from(props['private-key'], 'base64')))
    } else if (verb === 'add') {
      const { secretKey, publicKey } = x25519.keygen()
      props['private-key'] = b64(secretKey)
      props['public-key'] = b64(publicKey)
    }
    if (verb === 'add') {
      props['listen-port'] ??= '13231'
      props.mtu ??= '1420'
      props.disabled ??= 'false'
    }
    return props
  }
  if (props.interface !== undefined) {
    const names = dev.tree.list('/interface/wireguard').map((i) => i.props.name)
    if (!names.includes(props.interface)) throw TRAP.noMatch('interface')
  }
  if (props['public-key'] !== undefined && !validKey(props['public-key']))
    throw TRAP.invalidValue('public-key')
  if (verb === 'add') {
    if (props.interface === undefined) throw TRAP.missing('interface')
    if (props['public-key'] === undefined) throw TRAP.missing('public-key')
  }
  return props
}
