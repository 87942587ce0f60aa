// Static assets served from memory: loaded once when the app is built (not at import), each URL
// carrying a content hash so browsers may cache it for a year. Never fetched from a CDN.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import type { AssetUrls } from './http.types.ts'

const FILES = {
  css: { name: 'app.css', type: 'text/css; charset=utf-8' },
  js: { name: 'app.js', type: 'text/javascript; charset=utf-8' },
  htmx: { name: 'htmx.min.js', type: 'text/javascript; charset=utf-8' },
  icon: { name: 'icon.svg', type: 'image/svg+xml' },
  live: { name: 'live.js', type: 'text/javascript; charset=utf-8' },
  logTail: { name: 'log-tail.js', type: 'text/javascript; charset=utf-8' },
  // remote access (issue 14): xterm.js 6 vendored from @xterm/xterm, and the terminal client
  xterm: { name: 'xterm.js', type: 'text/javascript; charset=utf-8' },
  xtermCss: { name: 'xterm.css', type: 'text/css; charset=utf-8' },
  terminal: { name: 'terminal.js', type: 'text/javascript; charset=utf-8' },
  // topology (issue 18): zoom/pan and live status of the graph and the site map
  topology: { name: 'topology.js', type: 'text/javascript; charset=utf-8' },
  // passkeys (issue 19): the WebAuthn ceremonies of the sign-in and security pages
  passkeys: { name: 'passkeys.js', type: 'text/javascript; charset=utf-8' },
} as const satisfies Record<keyof AssetUrls, { name: string; type: string }>

interface LoadedAsset {
  body: Buffer
  type: string
  version: string
}

export interface Assets {
  urls: AssetUrls
  files: Map<string, LoadedAsset>
}

/** Finds assets/ next to the source tree or the bundle (src/http/ → ../../, dist/ → ../). */
export function findAssetsDir(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'assets', FILES.htmx.name))) return join(dir, 'assets')
    dir = dirname(dir)
  }
  throw new Error(`assets directory not found above ${from}`)
}

export function loadAssets(dir = findAssetsDir()): Assets {
  const files = new Map<string, LoadedAsset>()
  const urls = {} as AssetUrls
  type Entry = [keyof AssetUrls, (typeof FILES)[keyof AssetUrls]]
  for (const [key, file] of Object.entries(FILES) as Entry[]) {
    const body = readFileSync(join(dir, file.name))
    const version = createHash('sha256').update(body).digest('hex').slice(0, 12)
    files.set(file.name, { body, type: file.type, version })
    urls[key] = `/assets/${file.name}?v=${version}`
  }
  return { urls, files }
}

/** GET /assets/:name. A request with the current ?v= is immutable; anything else revalidates. */
export function assetRoutes(assets: Assets): Hono {
  const app = new Hono()
  app.get('/:name', (c) => {
    const asset = assets.files.get(c.req.param('name'))
    if (!asset) return c.notFound()
    const etag = `"${asset.version}"`
    const cache =
      c.req.query('v') === asset.version
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate'
    const headers = { 'Content-Type': asset.type, 'Cache-Control': cache, ETag: etag }
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers)
    return c.body(new Uint8Array(asset.body), 200, headers)
  })
  return app
}
