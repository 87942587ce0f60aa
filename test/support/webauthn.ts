// A tiny software authenticator for tests: P-256 keys from node:crypto, authenticatorData and
// a 'none' attestation built byte by byte, so the server's WebAuthn checks run for real.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | Record<string, unknown>

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n])
  if (n < 256) return Buffer.from([(major << 5) | 24, n])
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255])
  throw new Error('too long for this tiny encoder')
}

/** CBOR of ints, text, bytes and maps: all a COSE key and an attestation object need. */
export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v)
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8')
    return Buffer.concat([head(3, b.length), b])
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), Buffer.from(v)])
  const entries: [Cbor, Cbor][] = v instanceof Map ? [...v] : (Object.entries(v) as [Cbor, Cbor][])
  return Buffer.concat([
    head(5, entries.length),
    ...entries.flatMap(([k, x]) => [cbor(k), cbor(x)]),
  ])
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest()
const b64url = (b: Buffer | Uint8Array) => Buffer.from(b).toString('base64url')

interface Credential {
  id: Buffer
  key: KeyObject
  userHandle: string
  rpId: string
  counter: number
}

export interface SoftOptions {
  /** flag UV (user verified) in assertions and registrations; default true */
  userVerified?: boolean
  /** what clientDataJSON says the origin is; default the constructor's origin */
  origin?: string
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = []
  readonly origin: string
  /** the signature counter step per use (0: a synced passkey that keeps no counter) */
  counterStep = 1

  constructor(origin: string) {
    this.origin = origin
  }

  #flags(uv: boolean, attested: boolean): number {
    return 0x01 | (uv ? 0x04 : 0) | (attested ? 0x40 : 0)
  }

  #clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }))
  }

  create(
    o: PublicKeyCredentialCreationOptionsJSON,
    opts: SoftOptions = {},
  ): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' })
    const cose = cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    )
    const id = randomBytes(16)
    const rpId = o.rp.id!
    const counter = this.counterStep === 0 ? 0 : 1
    const count = Buffer.alloc(4)
    count.writeUInt32BE(counter)
    const idLen = Buffer.alloc(2)
    idLen.writeUInt16BE(id.length)
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.#flags(opts.userVerified ?? true, true)]),
      count,
      Buffer.alloc(16),
      idLen,
      id,
      cose,
    ])
    const attestation = cbor({ fmt: 'none', attStmt: {}, authData } as Record<string, unknown>)
    this.credentials.push({ id, key: privateKey, userHandle: o.user.id, rpId, counter })
    const clientData = this.#clientData('webauthn.create', o.challenge, opts.origin ?? this.origin)
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        attestationObject: b64url(attestation),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    }
  }

  /** An assertion by the credential `which` (default: the first one allowed, else the first). */
  get(
    o: PublicKeyCredentialRequestOptionsJSON,
    opts: SoftOptions & { which?: number } = {},
  ): AuthenticationResponseJSON {
    const allowed = new Set((o.allowCredentials ?? []).map((c) => c.id))
    const cred =
      opts.which !== undefined
        ? this.credentials[opts.which]
        : (this.credentials.find((c) => allowed.has(b64url(c.id))) ?? this.credentials[0])
    if (!cred) throw new Error('no credential in this soft authenticator')
    cred.counter += this.counterStep
    const count = Buffer.alloc(4)
    count.writeUInt32BE(cred.counter)
    const authData = Buffer.concat([
      sha256(o.rpId ?? cred.rpId),
      Buffer.from([this.#flags(opts.userVerified ?? true, false)]),
      count,
    ])
    const clientData = this.#clientData('webauthn.get', o.challenge, opts.origin ?? this.origin)
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), cred.key)
    return {
      id: b64url(cred.id),
      rawId: b64url(cred.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: cred.userHandle,
      },
      clientExtensionResults: {},
    }
  }
}
