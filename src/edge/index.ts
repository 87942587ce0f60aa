// Public surface of the edge domain (issue 20): central registrations, the edge-facing API's
// use cases, this appliance's own link, and the forwarder startup.ts runs.
export type { EdgeLinkView, EdgeRegistration, EdgeView } from './edges.types.ts'
export { createEdgeRegistration, listEdges, revokeEdge } from './edges.service.ts'
export { authenticateEdge, exchangeEdgeToken, type EdgePrincipal } from './edge-auth.service.ts'
export { applyEdgeBatch } from './edge-apply.service.ts'
export { pullEdgeChanges, reportEdgeChange } from './edge-changes.service.ts'
export { edgeLinkStatus, registerWithCentral } from './edge-link.service.ts'
export { EdgeForwarder, type ForwarderOptions } from './edge-forwarder.ts'
export { centralIdentity } from './central-identity.ts'
export {
  edgeBatchResultSchema,
  edgeBatchSchema,
  edgeReportSchema,
  edgeRegisterResultSchema,
  edgeRegisterSchema,
  MAX_BATCH_BYTES,
  pulledChangeSchema,
} from './edge-wire.ts'
export { edgeApi } from './edge-api.routes.ts'
export { edgesRoutes } from './edges.routes.tsx'
export { edgeRegisterCommand } from './edge-register-cli.ts'
