// Layouts per tenant, reused while the graph's shape is unchanged: statuses change every poll,
// cables rarely, and a layout costs far more than reading the tables. Keyed by a digest of the
// nodes (id, kind, site) and links; positions are copied onto the fresh nodes. Bounded LRU.
import { createHash } from 'node:crypto'
import type { GraphNode } from './build-graph.ts'
import { layoutGraph } from './layout.ts'
import type { TopologyGraph, TopologyLink } from './topology.types.ts'

const MAX_TENANTS = 64
const cache = new Map<string, { key: string; graph: TopologyGraph }>()

function shapeKey(nodes: readonly GraphNode[], links: readonly TopologyLink[]): string {
  const h = createHash('sha256')
  for (const n of nodes)
    h.update(`${n.id}\u0000${n.kind}\u0000${n.siteId ?? ''}\u0000${n.siteName ?? ''}\n`)
  for (const l of links) h.update(`${l.id}\n`)
  return h.digest('hex')
}

/** The laid-out graph, from the cache when the tenant's graph has the same shape as last time. */
export function cachedLayout(
  tenantId: string,
  graph: { nodes: GraphNode[]; links: TopologyLink[]; problems: string[] },
): TopologyGraph {
  const key = shapeKey(graph.nodes, graph.links)
  const hit = cache.get(tenantId)
  cache.delete(tenantId)
  if (hit && hit.key === key) {
    const at = new Map(hit.graph.nodes.map((n) => [n.id, n]))
    const fresh = {
      ...hit.graph,
      nodes: graph.nodes.map((n) => ({ ...n, x: at.get(n.id)?.x ?? 0, y: at.get(n.id)?.y ?? 0 })),
      links: graph.links,
      problems: graph.problems,
    }
    cache.set(tenantId, { key, graph: fresh })
    return fresh
  }
  const laid = layoutGraph(graph)
  cache.set(tenantId, { key, graph: laid })
  if (cache.size > MAX_TENANTS) cache.delete(cache.keys().next().value as string)
  return laid
}
