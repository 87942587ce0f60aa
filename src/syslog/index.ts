// Public surface of the syslog domain for other domains (app, api, startup).
export {
  createSyslog,
  startSyslog,
  type RunningSyslog,
  type SyslogRuntime,
} from './syslog-runtime.ts'
export { syslogRoutes } from './syslog.routes.tsx'
export { logFilterFromQuery, searchDeviceLogs, type SyslogCtx } from './syslog.service.ts'
export { logQuerySchema } from './syslog.schema.ts'
export { SEVERITY_NAMES } from './syslog.types.ts'
export { syslogCtx } from './route-ctx.ts'
