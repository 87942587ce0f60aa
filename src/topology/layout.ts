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

const LEAF_STEP = NODE_H + 8
const LEAF_INDENT = 20

/**
 * Unmanaged neighbours seen by only one device of the site are folded under it (a taller slot in
 * dagre, drawn as an indented list) instead of being ranked by dagre: at 500 devices that halves
 * what dagre lays out, which is where the time goes.
 */
function foldLeaves(nodes: readonly GraphNode[], inner: readonly TopologyLink[]) {
  const degree = new Map<string, number>()
  for (const l of inner) for (const id of [l.from, l.to]) degree.set(id, (degree.get(id) ?? 0) + 1)
  const kind = new Map(nodes.map((n) => [n.id, n.kind]))
  const leaves = new Map<string, string[]>()
  const folded = new Set<string>()
  for (const l of inner) {
    const [leaf, parent] = kind.get(l.to) === 'neighbour' ? [l.to, l.from] : [l.from, l.to]
    if (kind.get(leaf) !== 'neighbour' || kind.get(parent) !== 'device') continue
    if (degree.get(leaf) !== 1 || folded.has(leaf)) continue
    folded.add(leaf)
    leaves.set(parent, [...(leaves.get(parent) ?? []), leaf])
  }
  return { leaves, folded }
}

function layoutSite(nodes: readonly GraphNode[], links: readonly TopologyLink[]): Placed {
  const ids = new Set(nodes.map((n) => n.id))
  const inner = links.filter((l) => ids.has(l.from) && ids.has(l.to) && l.from !== l.to)
  const { leaves, folded } = foldLeaves(nodes, inner)
  const ranked = inner.filter((l) => !folded.has(l.from) && !folded.has(l.to))
  const linked = new Set(ranked.flatMap((l) => [l.from, l.to]))
  for (const p of leaves.keys()) linked.add(p)
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const out: TopologyNode[] = []
  let width = 0
  let height = 0
  const place = (n: GraphNode, x: number, y: number) => {
    out.push({ ...n, x, y })
    width = Math.max(width, x + NODE_W / 2)
    height = Math.max(height, y + NODE_H / 2)
  }
  if (linked.size > 0) {
    const g = new Graph({ multigraph: false })
    g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 56, marginx: 0, marginy: 0 })
    g.setDefaultEdgeLabel(() => ({}))
    const slot = (id: string) => {
      const k = leaves.get(id)?.length ?? 0
      return { width: NODE_W + (k > 0 ? LEAF_INDENT : 0), height: NODE_H + k * LEAF_STEP }
    }
    for (const id of linked) g.setNode(id, slot(id))
    for (const l of ranked) g.setEdge(l.from, l.to)
    dagreLayout(g, { disableOptimalOrderHeuristic: true })
    for (const id of linked) {
      const n = byId.get(id)
      const p = g.node(id)
      if (!n) continue
      const s = slot(id)
      const x = p.x - s.width / 2 + NODE_W / 2
      const top = p.y - s.height / 2 + NODE_H / 2
      place(n, x, top)
      ;(leaves.get(id) ?? []).forEach((leafId, k) => {
        const leaf = byId.get(leafId)
        if (leaf) place(leaf, x + LEAF_INDENT, top + (k + 1) * LEAF_STEP)
      })
    }
  }
  const alone = nodes.filter((n) => !linked.has(n.id) && !folded.has(n.id))
  if (alone.length > 0) {
    const cols = Math.max(1, Math.min(alone.length, Math.ceil(Math.sqrt(alone.length * 2))))
    const top = height > 0 ? height + GAP / 2 : 0
    alone.forEach((n, i) =>
      place(
        n,
        (i % cols) * (NODE_W + 16) + NODE_W / 2,
        top + Math.floor(i / cols) * (NODE_H + 16) + NODE_H / 2,
      ),
    )
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
