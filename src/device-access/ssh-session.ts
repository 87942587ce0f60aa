// Sessions to a device of a tenant other than the poller's persistent API connection: the
// add/edit check and SSH for every domain that needs it (backups, commands and, later,
// terminals). SSH opens credentials for the row's own endpoint, tries the second management
// address, pins the host key at first contact and refuses a changed key (recorded as a device
// event for an admin to accept). Everything runs within the per-device and global session limits.
import type { TenantScope } from '../db/tenant-scope.ts'
import { NotFoundError } from '../lib/errors.ts'
import { HostKeyMismatchError, RouterOsError } from '../routeros/errors.ts'
import { sshExec, type SshExecOptions, type SshExecResult } from '../routeros/ssh.ts'
import { sshShell, type SshShell, type SshShellOptions } from '../routeros/ssh-shell.ts'
import { connectTcp } from './tcp-connect.ts'
import { checkDevice, checkStoredDevice, type DeviceCheckResult } from './check.ts'
import { deviceHosts } from './connect-options.ts'
import {
  dataKeyFor,
  openCredentials,
  sealCredentials,
  type DeviceCredentials,
  type KeyDeps,
  type SealedDevice,
} from './credentials.ts'
import {
  findAccessRow,
  pinHostKey,
  recordHostKeyChanged,
  type AccessRow,
} from './device-access.repo.ts'
import { endpointDigest, type DeviceEndpoint } from './endpoint.ts'
import { SessionLimiter, type LimiterOptions } from './limiter.ts'

export interface DeviceAccessOptions extends LimiterOptions {
  /** the SSH client (tests may wrap it to observe calls); default src/routeros/ssh.ts */
  sshExec?: (opts: SshExecOptions) => Promise<SshExecResult>
  /** the interactive shell client; default src/routeros/ssh-shell.ts */
  sshShell?: (opts: SshShellOptions) => Promise<SshShell>
  connectTimeoutMs?: number
}

export interface SshRunOptions {
  /** whole-command budget after login */
  timeoutMs?: number
  maxOutputBytes?: number
  /** fetch (and remove) a file over SFTP after the command, on the same connection */
  fetchFile?: { path: string; remove: boolean }
  /** upload a file over SFTP before the command, on the same connection */
  putFile?: { path: string; data: Buffer }
}

/** Where and as whom an SSH connection logs in (the part exec and shell share). */
type SshTarget = Pick<
  SshExecOptions,
  'host' | 'port' | 'username' | 'password' | 'connectTimeoutMs' | 'hostKey'
>

/** The next address is worth trying only when this one could not be reached at all. */
function unreachable(e: unknown): boolean {
  return e instanceof RouterOsError && e.code === 'ssh' && !/authentication failed/.test(e.message)
}

/**
 * One per process (built where the poller is): device sessions other than the poller's API
 * connection go through it so the limits hold across every feature.
 * @example const { stdout } = await access.sshExec(scope, deviceId, '/export')
 */
export class DeviceAccess {
  readonly limiter: SessionLimiter
  readonly #deps: KeyDeps
  readonly #ssh: NonNullable<DeviceAccessOptions['sshExec']>
  readonly #shell: NonNullable<DeviceAccessOptions['sshShell']>
  readonly #connectTimeoutMs: number

  constructor(deps: KeyDeps, opts: DeviceAccessOptions = {}) {
    this.#deps = deps
    this.limiter = new SessionLimiter(opts)
    this.#ssh = opts.sshExec ?? sshExec
    this.#shell = opts.sshShell ?? sshShell
    this.#connectTimeoutMs = opts.connectTimeoutMs ?? 10_000
  }

  /**
   * The add/edit check within the limits: `deviceId` for a stored device, null for a new one
   * (then its host counts as the device). The caller decides which credentials may go there.
   */
  check(
    scope: TenantScope,
    deviceId: string | null,
    endpoint: Omit<DeviceEndpoint, 'ssh_port' | 'ssh_host_key'>,
    creds: DeviceCredentials,
  ): Promise<DeviceCheckResult> {
    return this.limiter.run(`${scope.tenantId}/${deviceId ?? `host:${endpoint.host}`}`, () =>
      checkDevice(endpoint, creds),
    )
  }

  /** "Check now" of a stored device with its own credentials, within the limits. */
  checkStored(scope: TenantScope, device: SealedDevice): Promise<DeviceCheckResult> {
    return this.limiter.run(`${scope.tenantId}/${device.id}`, () =>
      checkStoredDevice(this.#deps, scope, device),
    )
  }

  /** Runs one command on an exec channel (no PTY) of a device of `scope`'s tenant. */
  sshExec(
    scope: TenantScope,
    deviceId: string,
    command: string,
    opts: SshRunOptions = {},
  ): Promise<SshExecResult> {
    return this.#overSsh(scope, deviceId, (target) =>
      this.#ssh({
        ...target,
        command,
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.maxOutputBytes !== undefined ? { maxOutputBytes: opts.maxOutputBytes } : {}),
        ...(opts.fetchFile !== undefined ? { fetchFile: opts.fetchFile } : {}),
        ...(opts.putFile !== undefined ? { putFile: opts.putFile } : {}),
      }),
    )
  }

  /**
   * An interactive shell with a PTY (the browser terminal) with the device's stored credentials
   * and pinned host key. Only the login counts against the session limits: a terminal stays open
   * for minutes and must not hold up backups; terminals have their own limits (remote-access).
   */
  sshShell(
    scope: TenantScope,
    deviceId: string,
    size: { cols: number; rows: number },
  ): Promise<SshShell> {
    return this.#overSsh(scope, deviceId, (target) => this.#shell({ ...target, ...size }))
  }

  /**
   * Opens an SSH connection with the device's credentials within the session limits: the
   * management address first, the second one when the first cannot be reached; a changed host key
   * is recorded and refused, a first contact pins the key.
   */
  #overSsh<T extends { hostKey: string }>(
    scope: TenantScope,
    deviceId: string,
    connect: (target: SshTarget) => Promise<T>,
  ): Promise<T> {
    return this.limiter.run(`${scope.tenantId}/${deviceId}`, async () => {
      const row = await findAccessRow(scope, deviceId)
      if (!row) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
      const creds = await openCredentials(this.#deps, scope, row, 'ssh')
      let last: unknown
      for (const host of deviceHosts(row)) {
        try {
          const result = await connect({
            host,
            port: row.ssh_port,
            username: creds.username,
            password: creds.password,
            connectTimeoutMs: this.#connectTimeoutMs,
            ...(row.ssh_host_key !== null ? { hostKey: row.ssh_host_key } : {}),
          })
          if (row.ssh_host_key === null)
            await this.#pinFirstContact(scope, row, creds, result.hostKey)
          return result
        } catch (e) {
          last = e
          if (e instanceof HostKeyMismatchError) await this.#keyChanged(scope, row, host, e)
          if (!unreachable(e)) break
        }
      }
      throw last
    })
  }

  /**
   * A TCP connection to `port` on the device's management address (the WinBox forward), the
   * second address when the first cannot be reached. No credentials are involved.
   */
  async connectTcp(scope: TenantScope, deviceId: string, port: number) {
    const row = await findAccessRow(scope, deviceId)
    if (!row) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
    return connectTcp(deviceHosts(row), port, this.#connectTimeoutMs)
  }

  /** Trust on first use; the credentials are sealed again for the endpoint with the pinned key. */
  async #pinFirstContact(
    scope: TenantScope,
    read: AccessRow,
    creds: { username: string; password: string },
    hostKey: string,
  ) {
    // a legacy re-seal may have rewritten the row since it was read
    const row = await findAccessRow(scope, read.id)
    if (!row || row.ssh_host_key !== null || endpointDigest(row) !== endpointDigest(read)) return
    const key = await dataKeyFor(this.#deps, scope)
    const sealed = sealCredentials(key, scope.tenantId, row.id, creds, {
      ...row,
      ssh_host_key: hostKey,
    })
    await pinHostKey(scope, row.id, row, hostKey, sealed)
  }

  async #keyChanged(scope: TenantScope, row: AccessRow, host: string, e: HostKeyMismatchError) {
    const message = `SSH host key of ${host} changed from ${e.expected} to ${e.actual}; the connection was refused.`
    await recordHostKeyChanged(scope, row.id, e.actual, this.#deps.clock.now(), message)
  }
}
