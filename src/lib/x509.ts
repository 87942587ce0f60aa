// X.509 certificates, ECDSA P-256, built with the @peculiar ASN.1 schemas and signed with
// node:crypto (no global polyfills): the internal CA's own (self-signed, cA=true), the API-SSL
// server certificates it issues for devices, and the appliance's self-signed HTTPS certificate.
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
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_kp_serverAuth,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509'
import {
  createPrivateKey,
  createSign,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto'
import { isIP } from 'node:net'

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2'
const COMMON_NAME = '2.5.4.3'
const DAY_MS = 86_400_000

export interface IssuedCertificate {
  certPem: string
  /** PKCS#8 PEM of the new key */
  keyPem: string
  serial: string
  notBefore: number
  notAfter: number
  /** SHA-256 of the DER, `AB:CD:…` */
  fingerprint: string
}

export interface IssueRequest {
  commonName: string
  /** subjectAltName entries (IP addresses or DNS names); none for the CA */
  names: readonly string[]
  days: number
  now: number
  /** the issuing CA; omitted: self-signed */
  issuer?: { certPem: string; keyPem: string }
  /** a self-signed certificate is a CA unless this says 'server'; an issued one is always a server's */
  kind?: 'ca' | 'server'
}

const nameOf = (cn: string) =>
  new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: COMMON_NAME,
        value: new AttributeValue({ utf8String: cn }),
      }),
    ]),
  ])

const der = (value: unknown) => new OctetString(AsnConvert.serialize(value))
const buf = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
const pem = (label: string, body: Buffer) =>
  `-----BEGIN ${label}-----\n${(body.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`

function extensionsFor(req: IssueRequest): Extensions {
  const isCa = req.issuer === undefined && req.kind !== 'server'
  const list = [
    new Extension({
      extnID: id_ce_basicConstraints,
      critical: true,
      extnValue: der(new BasicConstraints({ cA: isCa })),
    }),
    new Extension({
      extnID: id_ce_keyUsage,
      critical: true,
      extnValue: der(
        new KeyUsage(
          isCa
            ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign
            : KeyUsageFlags.digitalSignature | KeyUsageFlags.keyAgreement,
        ),
      ),
    }),
  ]
  if (!isCa) {
    const san = new SubjectAlternativeName(
      [...new Set(req.names)].map((n) =>
        isIP(n) ? new GeneralName({ iPAddress: n }) : new GeneralName({ dNSName: n }),
      ),
    )
    list.push(
      new Extension({ extnID: id_ce_subjectAltName, critical: false, extnValue: der(san) }),
      new Extension({
        extnID: id_ce_extKeyUsage,
        critical: false,
        extnValue: der(new ExtendedKeyUsage([id_kp_serverAuth])),
      }),
    )
  }
  return new Extensions(list)
}

/**
 * A new key pair and its certificate, signed by `issuer` (or by itself). Browsers require the
 * names in the SAN extension, so every host name and address goes there.
 * @example const ca = issueCertificate({ commonName: 'Outpost CA', names: [], days: 3650, now })
 */
export function issueCertificate(req: IssueRequest): IssuedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const signer: KeyObject = req.issuer ? createPrivateKey(req.issuer.keyPem) : privateKey
  const issuerName = req.issuer
    ? AsnConvert.parse(new X509Certificate(req.issuer.certPem).raw, Certificate).tbsCertificate
        .subject
    : nameOf(req.commonName)
  const serial = randomBytes(16)
  serial[0] = (serial[0]! & 0x7f) | 0x40 // positive, no leading zero byte (DER)
  const notBefore = req.now - DAY_MS // a little slack for router clocks that are behind
  const notAfter = req.now + req.days * DAY_MS
  const algorithm = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 })
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: buf(serial),
    signature: algorithm,
    issuer: issuerName,
    validity: new Validity({ notBefore: new Date(notBefore), notAfter: new Date(notAfter) }),
    subject: nameOf(req.commonName),
    subjectPublicKeyInfo: AsnConvert.parse(
      publicKey.export({ type: 'spki', format: 'der' }),
      SubjectPublicKeyInfo,
    ),
    extensions: extensionsFor(req),
  })
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs))
  const signature = createSign('sha256').update(tbsDer).sign({ key: signer, dsaEncoding: 'der' })
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: buf(signature),
  })
  const certPem = pem('CERTIFICATE', Buffer.from(AsnConvert.serialize(cert)))
  return {
    certPem,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    serial: serial.toString('hex'),
    notBefore,
    notAfter,
    fingerprint: new X509Certificate(certPem).fingerprint256,
  }
}
