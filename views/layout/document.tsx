import type { Child } from 'hono/jsx'
import type { Theme } from '../../src/auth/auth.types.ts'
import type { AssetUrls } from '../../src/http/http.types.ts'

/**
 * htmx settings that keep it inside our CSP (no injected <style>, no eval, no script tags from
 * swaps) and make it swap 4xx/5xx bodies: forms re-render with 422 and errors land in #flash.
 */
export const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
})

interface DocumentProps {
  title: string
  assets: AssetUrls
  theme: Theme
  csrfToken: string
  bodyClass: string
  /** the tenant the page shows (issue 15): assets/live.js names it when opening the stream */
  tenantId?: string | null
  children: Child
}

/** The <html> skeleton shared by the app shell and the sign-in shell. */
export function Document(props: DocumentProps) {
  return (
    <html lang="en" data-theme={props.theme === 'auto' ? undefined : props.theme}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        {props.tenantId && <meta name="outpost-tenant" content={props.tenantId} />}
        <title>{`${props.title} · Outpost`}</title>
        <link rel="icon" href={props.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={props.assets.css} />
        <script src={props.assets.htmx} defer></script>
        <script src={props.assets.js} defer></script>
        <script src={props.assets.live} defer></script>
        <script src={props.assets.logTail} defer></script>
        <script
          src={props.assets.terminal}
          data-xterm={props.assets.xterm}
          data-xterm-css={props.assets.xtermCss}
          defer
        ></script>
        {props.assets.topology && <script src={props.assets.topology} defer></script>}
        {props.assets.passkeys && <script src={props.assets.passkeys} defer></script>}
      </head>
      <body
        class={props.bodyClass}
        hx-headers={JSON.stringify({ 'X-CSRF-Token': props.csrfToken })}
      >
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        {props.children}
      </body>
    </html>
  )
}
