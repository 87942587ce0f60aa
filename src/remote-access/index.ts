// Public surface of remote access (issue 14): the browser SSH terminal and WinBox forwards.
export { remoteAccessRoutes } from './remote-access.routes.tsx'
export { remoteAccessOf, type RemoteAccess } from './remote-access.ts'
export { terminalUpgrades } from './terminal-upgrade.ts'
export { winboxApi } from './winbox-api.routes.ts'
export type { TerminalSessionView, WinboxView } from './remote-access.types.ts'
