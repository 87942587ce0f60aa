// A self-signed ECDSA P-256 server certificate, built with the @peculiar ASN.1 schemas and signed
// with node:crypto (no global polyfills). Browsers require the names in the SAN extension, so
// every host name and listen address goes there.
import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
  id_kp_serverAuth,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509'
import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto'
import { isIP } from 'node:net'

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2'
const COMMON_NAME = '2.5.4.3'
const DAY_MS = 86_400_000

export interface SelfSignedPair {
  certPem: string
  keyPem: string
}

/**
 * @example const { certPem, keyPem } = createSelfSigned(['outpost.lan', '192.168.88.5'], 825)
 */
export function createSelfSigned(
  names: readonly string[],
  days: number,
  now = new Date(),
): SelfSignedPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = AsnConvert.parse(
    publicKey.export({ type: 'spki', format: 'der' }),
    SubjectPublicKeyInfo,
  )
  const serial = randomBytes(16)
  serial[0] = (serial[0]! & 0x7f) | 0x40 // a positive INTEGER without a leading zero byte (DER)
  const subject = new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: COMMON_NAME,
        value: new AttributeValue({ utf8String: names[0] ?? 'outpost' }),
      }),
    ]),
  ])
  const algorithm = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 })
  const unique = [...new Set(names)]
  const san = new SubjectAlternativeName(
    unique.map((n) =>
      isIP(n) ? new GeneralName({ iPAddress: n }) : new GeneralName({ dNSName: n }),
    ),
  )
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(serial),
    signature: algorithm,
    issuer: subject,
    // a little slack for clocks that are behind
    validity: new Validity({
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + days * DAY_MS),
    }),
    subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions([
      new Extension({ extnID: id_ce_subjectAltName, critical: false, extnValue: der(san) }),
      new Extension({
        extnID: id_ce_basicConstraints,
        critical: true,
        extnValue: der(new BasicConstraints({ cA: false })),
      }),
      new Extension({
        extnID: id_ce_extKeyUsage,
        critical: false,
        extnValue: der(new ExtendedKeyUsage([id_kp_serverAuth])),
      }),
    ]),
  })
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs))
  const signature = createSign('sha256')
    .update(tbsDer)
    .sign({ key: privateKey, dsaEncoding: 'der' })
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: toArrayBuffer(signature),
  })
  const certDer = Buffer.from(AsnConvert.serialize(cert))
  return {
    certPem: pem('CERTIFICATE', certDer),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}

function der(value: unknown): OctetString {
  return new OctetString(AsnConvert.serialize(value))
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}
