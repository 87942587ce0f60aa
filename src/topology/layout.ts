// Server-side layout of the topology: each site is laid out on its own with dagre (nodes linked
// inside the site as layered trees, unlinked ones in a grid below), then the site boxes are packed
// in rows. Small per-site graphs keep 500 devices fast and readable; links between sites are drawn
// straight across. Deterministic: the same graph gives the same picture.
import { Graph, layout as dagreLayout } from '@dagrejs/dagre'
import type { GraphNode } from './build-graph.ts'
import type { TopologyGraph, TopologyGroup, TopologyLink, TopologyNode } from './topology.types.ts'

export const NODE_W = 150
export const NODE_H = 40
const PAD = 24
const HEADER = 26
const GAP = 40
const ROW_WIDTH = 2400

interface Placed {
  nodes: TopologyNode[]
  width: number
  height: number
}

function layoutSite(nodes: readonly GraphNode[], links: readonly TopologyLink[]): Placed {
  const ids = new Set(nodes.map((n) => n.id))
  const inner = links.filter((l) => ids.has(l.from) && ids.has(l.to))
  const linked = new Set(inner.flatMap((l) => [l.from, l.to]))
  const out: TopologyNode[] = []
  let width = 0
  let height = 0
  if (linked.size > 0) {
    const g = new Graph({ multigraph: false })
    g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 56, marginx: 0, marginy: 0 })
    g.setDefaultEdgeLabel(() => ({}))
    for (const n of nodes) if (linked.has(n.id)) g.setNode(n.id, { width: NODE_W, height: NODE_H })
    for (const l of inner) if (l.from !== l.to) g.setEdge(l.from, l.to)
    dagreLayout(g)
    for (const n of nodes) {
      if (!linked.has(n.id)) continue
      const p = g.node(n.id)
      out.push({ ...n, x: p.x, y: p.y })
      width = Math.max(width, p.x + NODE_W / 2)
      height = Math.max(height, p.y + NODE_H / 2)
    }
  }
  const alone = nodes.filter((n) => !linked.has(n.id))
  if (alone.length > 0) {
    const cols = Math.max(1, Math.min(alone.length, Math.ceil(Math.sqrt(alone.length * 2))))
    const top = height > 0 ? height + GAP / 2 : 0
    alone.forEach((n, i) => {
      const x = (i % cols) * (NODE_W + 16) + NODE_W / 2
      const y = top + Math.floor(i / cols) * (NODE_H + 16) + NODE_H / 2
      out.push({ ...n, x, y })
      width = Math.max(width, x + NODE_W / 2)
      height = Math.max(height, y + NODE_H / 2)
    })
  }
  return { nodes: out, width, height }
}

/** Lays out the whole graph: positions on every node, one box per site. */
export function layoutGraph(graph: {
  nodes: readonly GraphNode[]
  links: readonly TopologyLink[]
  problems: string[]
}): TopologyGraph {
  const bySite = new Map<string, GraphNode[]>()
  for (const n of graph.nodes) {
    const k = n.siteId ?? ''
    bySite.set(k, [...(bySite.get(k) ?? []), n])
  }
  // named sites by name, "No site" last
  const sites = [...bySite.entries()].sort(([a, x], [b, y]) =>
    a === '' ? 1 : b === '' ? -1 : (x[0]?.siteName ?? '').localeCompare(y[0]?.siteName ?? ''),
  )
  const nodes: TopologyNode[] = []
  const groups: TopologyGroup[] = []
  let x = 0
  let y = 0
  let rowHeight = 0
  let width = 0
  for (const [siteId, members] of sites) {
    const placed = layoutSite(members, graph.links)
    const w = placed.width + 2 * PAD
    const h = placed.height + 2 * PAD + HEADER
    if (x > 0 && x + w > ROW_WIDTH) {
      x = 0
      y += rowHeight + GAP
      rowHeight = 0
    }
    groups.push({
      siteId: siteId === '' ? null : siteId,
      name: siteId === '' ? 'No site' : (members[0]?.siteName ?? 'Site'),
      x,
      y,
      width: w,
      height: h,
    })
    for (const n of placed.nodes) nodes.push({ ...n, x: n.x + x + PAD, y: n.y + y + PAD + HEADER })
    x += w + GAP
    rowHeight = Math.max(rowHeight, h)
    width = Math.max(width, x - GAP)
  }
  return {
    nodes,
    links: [...graph.links],
    groups,
    width: Math.max(width, NODE_W),
    height: Math.max(y + rowHeight, NODE_H),
    problems: graph.problems,
  }
}
