/** Versioned URLs of the static assets (long-cached; the query changes when the file does). */
export interface AssetUrls {
  css: string
  js: string
  htmx: string
  icon: string
  /** live updates over /live (DASHBOARD) */
  live: string
  /** live tail of a device's syslog lines (SYSLOG) */
  logTail: string
  /** browser terminal (REMOTE ACCESS): xterm.js, its stylesheet, the client that loads them */
  xterm: string
  xtermCss: string
  terminal: string
  /** zoom/pan and live status colours of the topology and site map (TOPOLOGY) */
  topology?: string
  /** navigator.credentials calls of the sign-in and security pages (PASSKEYS) */
  passkeys?: string
}
