// Text of a PDF as pdfkit writes it (tests only): each content stream inflated, the strings of
// its TJ/Tj operators decoded (hex, WinAnsi for the standard fonts), one text object per line.
// Enough to check what a generated report says without a PDF library.
import { inflateSync } from 'node:zlib'

const WIN_ANSI: Record<number, string> = { 0x96: '–', 0x97: '—', 0xb0: '°', 0xb7: '·', 0x95: '•' }

function decodeHex(hex: string): string {
  let out = ''
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16)
    out += WIN_ANSI[b] ?? String.fromCharCode(b)
  }
  return out
}

/** The streams of the file, inflated when compressed. */
function streams(pdf: Buffer): string[] {
  const out: string[] = []
  const text = pdf.toString('latin1')
  const re = /<<([^]*?)>>\s*stream\r?\n/g
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + m[0].length
    const end = text.indexOf('endstream', start)
    const raw = pdf.subarray(start, end)
    try {
      out.push(
        /FlateDecode/.test(m[1] ?? '')
          ? inflateSync(raw).toString('latin1')
          : raw.toString('latin1'),
      )
    } catch {
      // not a content stream we can read (fonts, images)
    }
  }
  return out
}

/** Every line of text in page order. */
export function pdfLines(pdf: Buffer): string[] {
  const lines: string[] = []
  for (const s of streams(pdf)) {
    for (const block of s.split(/\bBT\b/).slice(1)) {
      const body = block.split(/\bET\b/)[0] ?? ''
      let line = ''
      for (const m of body.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
        const parts =
          m[1] !== undefined ? [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [m[2]!]
        line += parts.map(decodeHex).join('')
      }
      if (line !== '') lines.push(line)
    }
  }
  return lines
}

/** Number of pages (the page tree's count). */
export function pdfPageCount(pdf: Buffer): number {
  return [...pdf.toString('latin1').matchAll(/\/Type\s*\/Page\b/g)].length
}
