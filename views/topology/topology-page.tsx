import type { TopologyGraph } from '../../src/topology/topology.types.ts'
import { EmptyState } from '../components/empty-state.tsx'
import { TopologySvg } from './topology-svg.tsx'
import { TopologyTabs, ZoomButtons } from './topology-tabs.tsx'

const LEGEND = [
  ['online', 'Online'],
  ['degraded', 'Degraded'],
  ['offline', 'Offline'],
  ['auth_failed', 'Login failed'],
  ['unknown', 'Not polled yet'],
  ['unmanaged', 'Not managed'],
] as const

/** The tenant's network as the routers' neighbour tables describe it, grouped by site. */
export function TopologyPage({ graph }: { graph: TopologyGraph }) {
  const managed = graph.nodes.filter((n) => n.kind === 'device').length
  return (
    <section>
      <div class="page-header">
        <h1>Topology</h1>
        <TopologyTabs current="graph" />
      </div>
      <p class="muted">
        {managed} managed devices, {graph.nodes.length - managed} neighbours not managed,{' '}
        {graph.links.length} links, from the neighbour tables (MNDP, CDP, LLDP) the poller reads.
        Select a device to open it; drag to pan, scroll or use the buttons to zoom.
      </p>
      {graph.problems.length > 0 && (
        <details class="card" data-testid="topology-problems">
          <summary>Neighbour data left out ({graph.problems.length})</summary>
          <ul>
            {graph.problems.slice(0, 50).map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </details>
      )}
      {graph.nodes.length === 0 ? (
        <EmptyState title="No devices yet" action={{ href: '/devices/new', label: 'Add a device' }}>
          Add devices; their neighbours appear after the first poll.
        </EmptyState>
      ) : (
        <div class="topo-frame" data-live="topology">
          <div class="topo-toolbar">
            <ul class="topo-legend" aria-label="Legend">
              {LEGEND.map(([s, label]) => (
                <li data-status={s}>
                  <span class="topo-swatch" aria-hidden="true"></span>
                  {label}
                </li>
              ))}
            </ul>
            <ZoomButtons />
          </div>
          <TopologySvg graph={graph} />
        </div>
      )}
    </section>
  )
}
