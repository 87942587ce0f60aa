// The offline world outline of the site map: Natural Earth land at 1:110m (world-atlas, bundled
// with the app; nothing is fetched at run time) drawn as one SVG path in an equirectangular
// projection. Built once per process on first use (~55 KB of TopoJSON, a few ms).
import type { Topology, GeometryCollection } from 'topojson-specification'
import { feature } from 'topojson-client'
import land from 'world-atlas/land-110m.json' with { type: 'json' }

export const MAP_W = 1000
export const MAP_H = 500

/** Longitude/latitude to map units (equirectangular: x by longitude, y by latitude). */
export function project(longitude: number, latitude: number): { x: number; y: number } {
  return {
    x: Math.round(((longitude + 180) / 360) * MAP_W * 10) / 10,
    y: Math.round(((90 - latitude) / 180) * MAP_H * 10) / 10,
  }
}

let cached: string | undefined

/** The land outline as an SVG path `d` attribute. */
export function landPath(): string {
  if (cached !== undefined) return cached
  const topo = land as unknown as Topology<{ land: GeometryCollection }>
  const geo = feature(topo, topo.objects.land)
  const parts: string[] = []
  for (const f of geo.features) {
    const g = f.geometry
    const polygons =
      g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []
    for (const poly of polygons)
      for (const ring of poly) {
        // a ring that crosses the antimeridian (Chukotka, Fiji) jumps across the whole map: start
        // a new subpath there instead of drawing a line across the world
        let d = ''
        let last: number | undefined
        for (const [lon, lat] of ring) {
          const p = project(lon ?? 0, lat ?? 0)
          d += `${last === undefined || Math.abs(p.x - last) > MAP_W / 2 ? 'M' : 'L'}${p.x},${p.y}`
          last = p.x
        }
        parts.push(d)
      }
  }
  cached = parts.join('')
  return cached
}
