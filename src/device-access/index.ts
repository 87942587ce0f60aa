// Public surface of device access: the one way to reach a device of a tenant. Sits below
// `devices`, `poller` and every later domain that talks to a router (backups, config changes,
// jobs, terminals): open sessions through this module, never with src/routeros directly, so
// credential binding, host-key pinning, the failure words and the session limits hold everywhere.
export {
  CredentialsUnboundError,
  DeviceAccessError,
  SessionLimitError,
  type DeviceAccessErrorCode,
} from './access-errors.ts'
export {
  connectApi,
  DeviceConnection,
  type ConnectFn,
  type ConnectTarget,
} from './api-connection.ts'
export { deviceTarget } from './api-target.ts'
export {
  bindingDecision,
  rebindCredentials,
  type BindingDecision,
  type Confirmation,
  type GivenCredentials,
} from './binding.ts'
export { checkDevice, checkStoredDevice, type DeviceCheckResult } from './check.ts'
export { deviceConnectOptions, deviceHosts } from './connect-options.ts'
export {
  dataKeyFor,
  openingKeyFor,
  openCredentials,
  sealCredentials,
  type DeviceCredentials,
  type KeyDeps,
  type SealedColumns,
  type SealedDevice,
} from './credentials.ts'
export {
  endpointChange,
  endpointDigest,
  endpointWithDefaults,
  type DeviceEndpoint,
} from './endpoint.ts'
export {
  classifyError,
  errorCode,
  type CheckFailureCode,
  type Classification,
  type FailureCode,
  type FailureStatus,
} from './failure-words.ts'
export { acceptPendingHostKey } from './host-key.ts'
export { SessionLimiter, type LimiterOptions } from './limiter.ts'
export { DeviceAccess, type DeviceAccessOptions, type SshRunOptions } from './ssh-session.ts'
export type { SshShell } from '../routeros/ssh-shell.ts'
