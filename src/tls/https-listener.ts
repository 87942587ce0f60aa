// The HTTPS listener (same Hono app as the HTTP one) and the optional HTTP -> HTTPS redirect.
// The node server builds c.req.url from the socket, so pages served here see https: and get
// Secure cookies and HSTS from the existing middleware.
import { serve, type ServerType } from '@hono/node-server'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Config } from '../config.ts'
import { StartupError } from '../lib/secrets-file.ts'
import type { TlsMaterial } from './tls-material.ts'

type Fetch = (req: Request) => Response | Promise<Response>

export interface HttpsListener {
  readonly server: ServerType
  readonly port: number
  /** swaps the certificate for new connections (SIGHUP) */
  setMaterial(material: TlsMaterial): void
}

/** @example const https = await listenHttps(config, app.fetch, loadTlsMaterial(config)) */
export function listenHttps(
  config: Config,
  fetch: Fetch,
  material: TlsMaterial,
): Promise<HttpsListener> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch,
        port: config.httpsPort,
        hostname: config.host,
        createServer,
        serverOptions: { cert: material.cert, key: material.key },
      },
      () =>
        resolve({
          server,
          port: (server.address() as AddressInfo).port,
          setMaterial: (m) => (server as Server).setSecureContext({ cert: m.cert, key: m.key }),
        }),
    )
    server.once('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code ?? err.message
      reject(
        new StartupError(
          `cannot listen for HTTPS on ${config.host}:${config.httpsPort} (${code})`,
          { cause: err },
        ),
      )
    })
  })
}

/**
 * Plain-HTTP requests answered with a redirect to the HTTPS port; health checks stay on HTTP
 * so load balancers and the container's probe keep working without trusting the certificate.
 */
export function redirectToHttps(fetch: Fetch, httpsPort: () => number): Fetch {
  return (req) => {
    const url = new URL(req.url)
    if (url.pathname === '/health' || url.pathname.startsWith('/health/')) return fetch(req)
    // URL keeps IPv6 host names in brackets already
    const target = `https://${url.hostname}:${httpsPort()}${url.pathname}${url.search}`
    return new Response(null, { status: 308, headers: { Location: target } })
  }
}
