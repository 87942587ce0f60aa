// Network namespaces for the overlay tests and benchmark: each name carries the `ovl` prefix and
// this process's pid (other helpers may use namespaces at the same time), everything is removed
// by cleanup(). A missing tool fails the test with the Debian package to install.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'

const PACKAGES: Record<string, string> = {
  ip: 'iproute2',
  wg: 'wireguard-tools',
  'wireguard-go': 'wireguard-go',
  nft: 'nftables',
}

/** Throws naming the Debian packages that are missing (tests must not skip). */
export function requireOverlayTools(): void {
  const missing = Object.entries(PACKAGES)
    .filter(([cmd]) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0)
    .map(([, pkg]) => pkg)
  if (missing.length > 0)
    throw new Error(`overlay tests need: apt-get install -y ${missing.join(' ')}`)
}

function run(args: string[], input?: string): string {
  const r = spawnSync(args[0] ?? '', args.slice(1), { encoding: 'utf8', input })
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.stdout}`)
  return r.stdout
}

export class NetnsLab {
  readonly prefix: string
  readonly namespaces: string[] = []
  readonly children: ChildProcess[] = []
  /** commands that undo what was created in this process's own namespace (a control link) */
  readonly hostCleanup: string[][] = []

  constructor(tag: string) {
    this.prefix = `ovl${tag}${process.pid}`
  }

  /** Creates namespace `<prefix><suffix>` with loopback up; returns its name. */
  ns(suffix: string): string {
    const name = `${this.prefix}${suffix}`
    run(['ip', 'netns', 'add', name])
    this.namespaces.push(name)
    this.exec(name, ['ip', 'link', 'set', 'lo', 'up'])
    return name
  }

  /** A command in this process's own namespace (only for a control link to the lab). */
  execHost(args: string[]): string {
    return run(args)
  }

  exec(ns: string, args: string[], input?: string): string {
    return run(['ip', 'netns', 'exec', ns, ...args], input)
  }

  /** A veth pair between two namespaces with an address on each end (CIDR). */
  link(a: string, aCidr: string, b: string, bCidr: string, tag: string): void {
    const ifA = `${this.prefix}${tag}a`.slice(-15)
    const ifB = `${this.prefix}${tag}b`.slice(-15)
    run(['ip', 'link', 'add', ifA, 'netns', a, 'type', 'veth', 'peer', 'name', ifB, 'netns', b])
    this.exec(a, ['ip', 'address', 'add', aCidr, 'dev', ifA])
    this.exec(b, ['ip', 'address', 'add', bCidr, 'dev', ifB])
    this.exec(a, ['ip', 'link', 'set', ifA, 'up'])
    this.exec(b, ['ip', 'link', 'set', ifB, 'up'])
  }

  /** A process inside a namespace, stopped by cleanup(). */
  spawn(ns: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.children.push(child)
    return child
  }

  /** A TCP server answering "ok" on host:port inside `ns`; resolves once it listens. */
  async tcpServer(ns: string, host: string, port: number): Promise<void> {
    const code = `require('net').createServer((s)=>s.end('ok')).listen(${port},'${host}',()=>console.log('up'))`
    const child = this.spawn(ns, [process.execPath, '-e', code])
    await new Promise<void>((ok, fail) => {
      child.stdout?.once('data', () => ok())
      child.once('exit', (c) => fail(new Error(`tcp server exited ${c}`)))
    })
  }

  /** Whether a TCP connection from `ns` to host:port gets the server's "ok" within timeoutMs. */
  reach(ns: string, host: string, port: number, timeoutMs = 1500): Promise<boolean> {
    const code = `const s=require('net').connect(${port},'${host}');let d='';s.on('data',(x)=>d+=x);s.on('end',()=>process.exit(d==='ok'?0:1));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(2),${timeoutMs})`
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code], {
      stdio: 'ignore',
    })
    return new Promise((ok) => child.once('exit', (c) => ok(c === 0)))
  }

  /** Stops every child and deletes every namespace (and with them their interfaces). */
  async cleanup(): Promise<void> {
    for (const c of this.children) {
      if (c.exitCode !== null || c.signalCode !== null) continue
      const exited = new Promise((ok) => c.once('exit', ok))
      c.kill('SIGTERM')
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 3000))])
    }
    for (const args of this.hostCleanup) spawnSync(args[0] ?? '', args.slice(1))
    for (const ns of this.namespaces.reverse()) spawnSync('ip', ['netns', 'del', ns])
  }
}
