// Small HTML assertions for app.request() responses (no DOM library needed).

/** The text a user would read: tags removed, entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Inline script or style that a strict CSP would block (must never appear in our pages). */
export function inlineCodeFindings(html: string): string[] {
  const findings: string[] = []
  for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (!/\ssrc="/.test(m[1] ?? '') || (m[2] ?? '').trim() !== '')
      findings.push(`inline script: ${m[0].slice(0, 80)}`)
  }
  if (/<style[\s>]/.test(html)) findings.push('inline <style> element')
  for (const m of html.matchAll(/\sstyle="[^"]*"/g)) findings.push(`style attribute: ${m[0]}`)
  for (const m of html.matchAll(/\son[a-z]+="[^"]*"/g))
    findings.push(`event handler attribute: ${m[0]}`)
  return findings
}
