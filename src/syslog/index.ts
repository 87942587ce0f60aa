// Public surface of the syslog domain for other domains (app, api, startup).
export { createSyslog, startSyslog, type RunningSyslog, type SyslogRuntime } from './syslog-runtime.ts'
export { syslogRoutes } from './syslog.routes.tsx'
export { syslogApi } from './syslog-api.routes.ts'
