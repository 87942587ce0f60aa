// Public surface of the alerts domain for other domains (app, api, startup, dashboard).
export { AlertEngine, type AlertEngineDeps } from './alert-engine.ts'
export {
  ackSchema,
  alertListQuerySchema,
  ruleInputSchema,
  rulePatchSchema,
} from './alerts.schema.ts'
export {
  acknowledgeAlert,
  alertDeliveries,
  changeRule,
  createRule,
  getAlertView,
  getRule,
  listAlertViews,
  removeRule,
  resolveAlert,
  rulesOf,
  type AlertsCtx,
} from './alerts.service.ts'
export { alertsCtx, type AlertsDeps } from './route-ctx.ts'
export { alertsRoutes } from './alerts.routes.tsx'
export type { AlertView, DeliveryView } from './alerts.types.ts'
// notifications (issue 13): what a sender formats, and the routing the outbox applies
export { type AlertMessage, type MessageEvent } from './outbox.ts'
export { notifyAlertNow, type NotifyNowDeps } from './notify-now.ts'
// maintenance windows (issue 13): a window's end notifies the alerts it held back, like opening does
export { alertMessage, enqueueAlertMessage } from './outbox.ts'
