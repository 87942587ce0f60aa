/**
 * Public surface of the RouterOS client library (no database, tenant or logger knowledge).
 * @example
 * import { connect, parseResource, RESOURCE_PATH } from './routeros/index.ts'
 * const tls = { mode: 'insecure' } as const
 * const s = await connect({ host: '10.0.0.1', tls, username: 'admin', password: '' })
 * const res = parseResource(await s.print(RESOURCE_PATH))
 * await s.close()
 */
export { connect, login, md5Response } from './connect.ts'
export type { ConnectOptions } from './connect.ts'
export { RouterOsSession, attrWords } from './session.ts'
export type { Row, Reply, CommandOptions, SessionOptions } from './session.ts'
export { ReplyStream } from './reply-stream.ts'
export { openTransport, normalizeFingerprint } from './transport.ts'
export type { TlsMode, TransportOptions } from './transport.ts'
export { DEFAULT_LIMITS } from './limits.ts'
export type { Limits } from './limits.ts'
export { sshExec, hostKeyFingerprint, DEFAULT_SSH_MAX_OUTPUT_BYTES } from './ssh.ts'
export type { SshExecOptions, SshExecResult } from './ssh.ts'
export * from './errors.ts'
export {
  encodeLength,
  encodeSentence,
  parseSentence,
  SentenceDecoder,
  DEFAULT_MAX_WORD_BYTES,
} from './protocol.ts'
export type { Sentence } from './protocol.ts'
export * from './commands/values.ts'
export * from './commands/system-identity.ts'
export * from './commands/system-resource.ts'
export * from './commands/system-routerboard.ts'
export * from './commands/system-health.ts'
export * from './commands/system-package-update.ts'
export * from './commands/interface.ts'
export * from './commands/registration-table.ts'
export * from './commands/ip-dhcp-server-lease.ts'
export * from './commands/ip-neighbor.ts'
export * from './commands/ip-address.ts'
export * from './commands/ip-route.ts'
