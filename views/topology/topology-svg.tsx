import type { TopologyGraph, TopologyNode } from '../../src/topology/topology.types.ts'

const W = 150
const H = 40

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

function Node({ n }: { n: TopologyNode }) {
  const box = (
    <g
      class={`topo-node topo-${n.kind}`}
      data-status={n.status}
      data-node-device={n.deviceId ?? undefined}
      transform={`translate(${n.x - W / 2},${n.y - H / 2})`}
    >
      <title>
        {[
          n.label,
          n.address,
          n.macAddress,
          n.board,
          n.kind === 'neighbour' ? 'not managed' : n.status,
        ]
          .filter(Boolean)
          .join(' · ')}
      </title>
      <rect width={W} height={H} rx="6" />
      <circle class="topo-dot" cx="12" cy={H / 2} r="5" />
      <text x="24" y="17" class="topo-label">
        {short(n.label, 18)}
      </text>
      <text x="24" y="31" class="topo-sub">
        {short(
          n.kind === 'neighbour' ? `${n.platform ?? 'neighbour'} · not managed` : (n.address ?? ''),
          22,
        )}
      </text>
    </g>
  )
  return n.deviceId ? <a href={`/devices/${n.deviceId}`}>{box}</a> : box
}

/** The laid-out graph as SVG: site boxes, links with the interface at each end, nodes. */
export function TopologySvg({ graph }: { graph: TopologyGraph }) {
  const at = new Map(graph.nodes.map((n) => [n.id, n]))
  const m = 20
  return (
    <svg
      class="topo-svg"
      data-zoom-pan=""
      viewBox={`${-m} ${-m} ${graph.width + 2 * m} ${graph.height + 2 * m}`}
      role="img"
      aria-label={`Topology: ${graph.nodes.length} nodes, ${graph.links.length} links`}
    >
      <g class="topo-groups">
        {graph.groups.map((g) => (
          <g>
            <rect class="topo-group" x={g.x} y={g.y} width={g.width} height={g.height} rx="10" />
            <text class="topo-group-name" x={g.x + 12} y={g.y + 20}>
              {g.name}
            </text>
          </g>
        ))}
      </g>
      <g class="topo-links">
        {graph.links.map((l) => {
          const a = at.get(l.from)
          const b = at.get(l.to)
          if (!a || !b) return null
          const lerp = (t: number) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t })
          const pa = lerp(0.22)
          const pb = lerp(0.78)
          return (
            <g class="topo-link">
              <title>{`${a.label} ${l.fromInterface ?? '?'} ↔ ${l.toInterface ?? '?'} ${b.label}${l.discoveredBy.length > 0 ? ` (${l.discoveredBy.join(', ')})` : ''}`}</title>
              <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} />
              {l.fromInterface && (
                <text class="topo-if" x={pa.x} y={pa.y}>
                  {short(l.fromInterface, 14)}
                </text>
              )}
              {l.toInterface && (
                <text class="topo-if" x={pb.x} y={pb.y}>
                  {short(l.toInterface, 14)}
                </text>
              )}
            </g>
          )
        })}
      </g>
      <g class="topo-nodes">
        {graph.nodes.map((n) => (
          <Node n={n} />
        ))}
      </g>
    </svg>
  )
}
