/** Users, groups and policies, stored in the config tree under /user and /user/group. */
import type { Tree } from './tree.ts'
import { atLeast } from './version.ts'

const ALL_V6 =
  'local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon,dude,tikapp'
const ALL_V7 =
  'local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon,rest-api'
const READ = 'local,telnet,ssh,reboot,read,test,winbox,password,web,sniff,sensitive,api,romon'
const WRITE =
  'local,telnet,ssh,reboot,read,write,test,winbox,password,web,sniff,sensitive,api,romon'

/** Seeds the default groups and the `admin` user (empty password). */
export function seedUsers(tree: Tree, version: string): void {
  const full = atLeast(version, '7.0') ? ALL_V7 : ALL_V6
  const builtin = { builtin: { kind: 'name' as const, key: 'name' } }
  tree.add('/user/group', { name: 'read', policy: READ, skin: 'default' }, builtin)
  tree.add('/user/group', { name: 'write', policy: WRITE, skin: 'default' }, builtin)
  tree.add('/user/group', { name: 'full', policy: full, skin: 'default' }, builtin)
  const admin = { name: 'admin', group: 'full', password: '', comment: 'system default user' }
  tree.add('/user', admin, builtin)
}

export type AuthResult =
  | { ok: true; name: string; group: string; policies: ReadonlySet<string> }
  | { ok: false; reason: 'bad-credentials' | 'no-api' }

/** Policies of a group; `!x` entries (negated) are ignored. */
export function groupPolicies(tree: Tree, group: string): Set<string> {
  const g = tree.list('/user/group').find((i) => i.props.name === group)
  const list = (g?.props.policy ?? '').split(',').filter((p) => p !== '' && !p.startsWith('!'))
  return new Set(list)
}

/** Finds an enabled user. */
export function findUser(
  tree: Tree,
  name: string,
): { name: string; group: string; password: string } | undefined {
  const u = tree.list('/user').find((i) => i.props.name === name && i.props.disabled !== 'true')
  if (!u) return undefined
  return { name, group: u.props.group ?? 'read', password: u.props.password ?? '' }
}

/** Checks a plain password login over the API. */
export function authenticate(tree: Tree, name: string, password: string | undefined): AuthResult {
  const u = findUser(tree, name)
  if (!u || password === undefined || u.password !== password)
    return { ok: false, reason: 'bad-credentials' }
  const policies = groupPolicies(tree, u.group)
  if (!policies.has('api')) return { ok: false, reason: 'no-api' }
  return { ok: true, name, group: u.group, policies }
}

/** Full policy set, used for scripts and scheduler jobs. */
export const ALL_POLICIES: ReadonlySet<string> = new Set(ALL_V7.split(','))
