import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { jsxRenderer } from 'hono/jsx-renderer'
import type { Flash, SessionInfo, Theme } from '../../src/auth/auth.types.ts'
import type { AssetUrls } from '../../src/http/http.types.ts'
import { AppShell } from './app-shell.tsx'
import { AuthShell } from './auth-shell.tsx'

export const THEME_COOKIE = 'outpost_theme'

function themeOf(c: Context): Theme {
  const value = getCookie(c, THEME_COOKIE)
  return value === 'light' || value === 'dark' ? value : 'auto'
}

/**
 * The one layout renderer (mounted once in the HTTP stack). It is the only view code that reads
 * the request context; everything below it gets plain props.
 */
export function createRenderer(assets: AssetUrls) {
  return jsxRenderer(({ children, title, shell }, c) => {
    const session = c.get('session') as SessionInfo | undefined
    const deps = c.get('deps') as
      { writeHealth?: { diskFull: { since: number } | undefined } } | undefined
    const common = {
      title,
      assets,
      theme: themeOf(c),
      csrfToken: (c.get('csrfToken') as string | undefined) ?? '',
      flash: c.get('flash') as Flash | undefined,
    }
    if (shell === 'auth' || !session) return <AuthShell {...common}>{children}</AuthShell>
    return (
      <AppShell
        {...common}
        session={session}
        currentPath={c.req.path}
        diskFullSince={session.isSuperAdmin ? deps?.writeHealth?.diskFull?.since : undefined}
      >
        {children}
      </AppShell>
    )
  })
}
