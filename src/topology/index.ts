// Public surface of topology for other domains (the JSON API).
export { setSiteLocation, siteMap, topologyGraph } from './topology.service.ts'
export { siteLocationSchema } from './topology.schema.ts'
export type { TopologyGraph, SiteMapView } from './topology.types.ts'
