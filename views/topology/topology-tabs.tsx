/** Switches between the topology graph and the site map. */
export function TopologyTabs({ current }: { current: 'graph' | 'map' }) {
  return (
    <nav class="tabs" aria-label="Topology views">
      <a href="/topology" aria-current={current === 'graph' ? 'page' : undefined}>
        Graph
      </a>
      <a href="/topology/map" aria-current={current === 'map' ? 'page' : undefined}>
        Site map
      </a>
    </nav>
  )
}

/** Zoom buttons for an SVG with data-zoom-pan (assets/topology.js; wheel and drag work too). */
export function ZoomButtons() {
  return (
    <div class="topo-zoom" role="group" aria-label="Zoom">
      <button type="button" class="button" data-zoom="in" aria-label="Zoom in">
        +
      </button>
      <button type="button" class="button" data-zoom="out" aria-label="Zoom out">
        −
      </button>
      <button type="button" class="button" data-zoom="reset">
        Fit
      </button>
    </div>
  )
}
