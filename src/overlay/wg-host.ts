// The appliance's WireGuard interface on the host: the kernel's WireGuard where the module
// exists, wireguard-go on a TUN device otherwise, configured with `ip` and `wg`. Probing tells in
// plain words what is missing (no NET_ADMIN in a container, no /dev/net/tun, tools not installed)
// so the overlay page can say so while the rest of Outpost runs.
import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { argvFor, HostCommandError, runHost, type HostExecOptions } from './host-exec.ts'
import { parseDump, type WgDump } from './wg-dump.ts'

export type WgMode = 'kernel' | 'userspace'

export interface WgInterfaceSpec {
  name: string
  /** base64 private key; handed to `wg` in a private file, never on a command line */
  privateKey: string
  port: number
  /** the appliance's address with the whole range's prefix, e.g. 100.127.0.1/16 */
  addressCidr: string
}

/**
 * `wg` reads a private key only from a file. Node's child stdin is a socket, which /dev/stdin
 * cannot open, so the key goes to a file of its own (0600, in a fresh 0700 directory) that is
 * removed as soon as `wg` has read it; it never appears on a command line.
 */
async function withKeyFile<T>(key: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-wg-'))
  try {
    const file = join(dir, 'key')
    writeFileSync(file, `${key}\n`, { mode: 0o600 })
    return await fn(file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** CAP_NET_ADMIN is bit 12 of the effective capability set. */
function hasNetAdmin(): boolean {
  try {
    const line = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return line !== null && (BigInt(`0x${line[1]}`) & (1n << 12n)) !== 0n
  } catch {
    return false
  }
}

function hasTun(): boolean {
  try {
    accessSync('/dev/net/tun', constants.R_OK | constants.W_OK)
    return true
  } catch {
    return false
  }
}

async function installed(opts: HostExecOptions, cmd: string, args: string[]): Promise<boolean> {
  try {
    await runHost(opts, cmd, args)
    return true
  } catch (err) {
    return !(err instanceof HostCommandError && err.code === 'missing')
  }
}

/**
 * What this host lacks to run the overlay, as sentences for the page (empty: nothing missing).
 * The kernel module is checked later, when the interface is created; wireguard-go is the fallback.
 * @example const missing = await missingCapabilities({})
 */
export async function missingCapabilities(opts: HostExecOptions): Promise<string[]> {
  const missing: string[] = []
  if (!hasNetAdmin())
    missing.push(
      'the NET_ADMIN capability to manage network interfaces (for a container: --cap-add NET_ADMIN)',
    )
  if (!(await installed(opts, 'ip', ['-V'])))
    missing.push('the `ip` command (Debian package iproute2)')
  if (!(await installed(opts, 'wg', ['--version'])))
    missing.push('the `wg` command (Debian package wireguard-tools)')
  const userspace = await installed(opts, 'wireguard-go', ['--version'])
  if (!hasTun() && !userspace)
    missing.push(
      '/dev/net/tun or the kernel WireGuard module (for a container: --device /dev/net/tun)',
    )
  if (!userspace && !(await kernelModuleLoaded()))
    missing.push('the kernel WireGuard module or wireguard-go (Debian package wireguard-go)')
  return missing
}

async function kernelModuleLoaded(): Promise<boolean> {
  try {
    return readFileSync('/proc/modules', 'utf8').includes('wireguard ')
  } catch {
    return false
  }
}

/** A running interface: its mode and how to take it down again. */
export interface WgInterface {
  readonly name: string
  readonly mode: WgMode
  down(): Promise<void>
}

/**
 * Creates and configures the interface; kernel WireGuard first, wireguard-go when that fails.
 * @example const wg = await bringUp({}, { name: 'outpost-wg', privateKey, port: 51820, addressCidr: '100.127.0.1/16' })
 */
export async function bringUp(opts: HostExecOptions, spec: WgInterfaceSpec): Promise<WgInterface> {
  // a leftover from a crashed run would make `ip link add` fail
  await runHost(opts, 'ip', ['link', 'del', spec.name]).catch(() => undefined)
  let child: ChildProcess | undefined
  let mode: WgMode = 'kernel'
  try {
    await runHost(opts, 'ip', ['link', 'add', 'dev', spec.name, 'type', 'wireguard'])
  } catch {
    mode = 'userspace'
    child = await startUserspace(opts, spec.name)
  }
  try {
    await withKeyFile(spec.privateKey, (file) =>
      runHost(opts, 'wg', [
        'set',
        spec.name,
        'listen-port',
        String(spec.port),
        'private-key',
        file,
      ]),
    )
    await runHost(opts, 'ip', ['address', 'add', spec.addressCidr, 'dev', spec.name])
    await runHost(opts, 'ip', ['link', 'set', spec.name, 'up'])
  } catch (err) {
    await takeDown(opts, spec.name, child)
    throw err
  }
  return { name: spec.name, mode, down: () => takeDown(opts, spec.name, child) }
}

async function takeDown(opts: HostExecOptions, name: string, child?: ChildProcess): Promise<void> {
  await runHost(opts, 'ip', ['link', 'del', name]).catch(() => undefined)
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((ok) => child.once('exit', ok))
    child.kill('SIGTERM')
    await exited
  }
}

/** wireguard-go in the foreground (our child, stopped with the interface); waits for its TUN. */
async function startUserspace(opts: HostExecOptions, name: string): Promise<ChildProcess> {
  // the Debian build refuses to start on Linux without this acknowledgement in its environment
  // (set through env(1): the inherited environment stays as it is)
  const [file, argv] = argvFor(opts, 'env', [
    'WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1',
    'wireguard-go',
    '-f',
    name,
  ])
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
  // its output says why it stopped (the banner about the kernel module comes first); kept short
  let stderr = ''
  const keep = (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) =>
      reject(new HostCommandError(`wireguard-go: ${e.message}`, 'missing')),
    )
    child.once('exit', (code) =>
      reject(
        new HostCommandError(
          `wireguard-go exited (${code}): ${stderr
            .replace(/[│└┘┌┐─]/g, '')
            .replace(/\s+/g, ' ')
            .trim()}`,
          'failed',
        ),
      ),
    )
  })
  failed.catch(() => undefined)
  for (let i = 0; i < 100; i++) {
    // the UAPI socket (/var/run/wireguard/<name>.sock) is not per namespace: wait for the TUN
    // device in our namespace too
    const up = runHost(opts, 'ip', ['link', 'show', 'dev', name])
      .then(() => runHost(opts, 'wg', ['show', name, 'public-key']))
      .then(
        () => true,
        () => false,
      )
    if (await Promise.race([up, failed])) return child
    await new Promise((ok) => setTimeout(ok, 50))
  }
  child.kill('SIGTERM')
  throw new HostCommandError('wireguard-go did not create its interface within 5 s', 'failed')
}

/** Adds or updates a peer (its overlay address as the only allowed source). */
export function setPeer(
  opts: HostExecOptions,
  name: string,
  publicKey: string,
  allowedCidr: string,
): Promise<string> {
  return runHost(opts, 'wg', ['set', name, 'peer', publicKey, 'allowed-ips', allowedCidr])
}

export function removePeer(
  opts: HostExecOptions,
  name: string,
  publicKey: string,
): Promise<string> {
  return runHost(opts, 'wg', ['set', name, 'peer', publicKey, 'remove'])
}

/** The interface's live state (`wg show <name> dump`). */
export async function dumpInterface(opts: HostExecOptions, name: string): Promise<WgDump> {
  return parseDump(await runHost(opts, 'wg', ['show', name, 'dump']))
}
