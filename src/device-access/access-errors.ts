// Errors of the device-access layer itself (the RouterOS client has its own in src/routeros).

export type DeviceAccessErrorCode = 'credentials_unbound' | 'session_limit'

/** Base class; `code` selects the row of the failure table (failure-words.ts). */
export class DeviceAccessError extends Error {
  readonly code: DeviceAccessErrorCode
  constructor(code: DeviceAccessErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/**
 * The stored credentials were sealed for another endpoint (host, ports, transport, TLS or host
 * key changed without re-entering them): they are not opened, so they are never sent there.
 */
export class CredentialsUnboundError extends DeviceAccessError {
  constructor(options?: ErrorOptions) {
    super('credentials_unbound', 'stored credentials are bound to another endpoint', options)
  }
}

/** The session queue of a device or of the appliance is full. */
export class SessionLimitError extends DeviceAccessError {
  constructor(message: string) {
    super('session_limit', message)
  }
}
