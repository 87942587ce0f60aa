// Types c.render(page, props) for every route (HonoX pattern). See views/layout/renderer.tsx.
import 'hono'

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: RenderProps): Response | Promise<Response>
  }
}

export interface RenderProps {
  title: string
  /** 'auth' for sign-in style pages without navigation; 'app' (default) needs a session. */
  shell?: 'app' | 'auth'
}
