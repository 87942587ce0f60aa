// Draws a ReportDoc as an A4 PDF with pdfkit and its built-in Helvetica (no font files, no
// browser): a title band, key figures, then each section's table, which continues on the next
// page with its header repeated. Footers ("page n of m") are written once all pages exist.
import PDFDocument from 'pdfkit'
import type { Cell, Column, ReportDoc, Section, Tone } from './report-doc.ts'

const MARGIN = 48
const INK = '#1f2933'
const MUTED = '#66717d'
const BRAND = '#0f4c5c'
const RULE = '#d5dbe1'
const STRIPE = '#f3f5f7'
const TONES: Record<Tone, string> = {
  good: '#1e7b45',
  warn: '#a05a00',
  bad: '#b42318',
  muted: MUTED,
}
const ROW_H = 15
const FONT = 8.5

type Doc = PDFKit.PDFDocument

export interface RenderedPdf {
  bytes: Buffer
  pages: number
}

export function renderPdf(report: ReportDoc, now: Date): Promise<RenderedPdf> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${report.title} – ${report.tenantName}`,
      Author: 'Outpost',
      Subject: report.periodLabel,
      CreationDate: now,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  titleBand(doc, report)
  keyFigures(doc, report)
  for (const s of report.sections) section(doc, s)
  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) footer(doc, report, i, range.count)
  doc.end()
  return done.then(() => ({ bytes: Buffer.concat(chunks), pages: range.count }))
}

function contentWidth(doc: Doc): number {
  return doc.page.width - 2 * MARGIN
}

function titleBand(doc: Doc, r: ReportDoc): void {
  doc.rect(0, 0, doc.page.width, 104).fill(BRAND)
  doc.fillColor('#cfe3e8').font('Helvetica-Bold').fontSize(9).text('OUTPOST', MARGIN, 30)
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(20).text(r.title, MARGIN, 44)
  doc.font('Helvetica').fontSize(10).fillColor('#dcebef').text(r.tenantName, MARGIN, 72)
  doc.text(r.periodLabel, MARGIN, 72, { width: contentWidth(doc), align: 'right' })
  doc
    .fillColor(MUTED)
    .fontSize(8)
    .text(`Generated ${r.generatedLabel}`, MARGIN, 114, {
      width: contentWidth(doc),
      align: 'right',
    })
  doc.y = 134
}

function keyFigures(doc: Doc, r: ReportDoc): void {
  if (r.kpis.length === 0) return
  const gap = 10
  const per = r.kpis.length <= 4 ? r.kpis.length : 3
  const w = (contentWidth(doc) - gap * (per - 1)) / per
  let y = doc.y
  r.kpis.forEach((k, i) => {
    const col = i % per
    if (i > 0 && col === 0) y += 62
    const x = MARGIN + col * (w + gap)
    doc.roundedRect(x, y, w, 52, 4).fill(STRIPE)
    doc
      .fillColor(k.tone === undefined ? INK : TONES[k.tone])
      .font('Helvetica-Bold')
      .fontSize(17)
      .text(k.value, x + 10, y + 9, { width: w - 20, lineBreak: false, ellipsis: true })
    doc
      .fillColor(MUTED)
      .font('Helvetica')
      .fontSize(8)
      .text(k.label, x + 10, y + 34, { width: w - 20, lineBreak: false, ellipsis: true })
  })
  doc.y = y + 72
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN - 18
}

function section(doc: Doc, s: Section): void {
  // a heading is never left alone at the bottom of a page
  if (doc.y + 60 > bottom(doc)) doc.addPage()
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(12).text(s.heading, MARGIN, doc.y)
  const ruleY = doc.y + 2
  doc
    .moveTo(MARGIN, ruleY)
    .lineTo(MARGIN + contentWidth(doc), ruleY)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke()
  doc.y = ruleY + 6
  if (s.note !== undefined)
    doc
      .fillColor(MUTED)
      .font('Helvetica')
      .fontSize(8.5)
      .text(s.note, MARGIN, doc.y, { width: contentWidth(doc) })
  doc.y += 4
  if (s.rows.length === 0) {
    doc
      .fillColor(MUTED)
      .font('Helvetica-Oblique')
      .fontSize(9)
      .text(s.empty ?? 'Nothing to show.', MARGIN, doc.y)
    doc.y += 14
    return
  }
  const widths = columnWidths(doc, s.columns)
  tableHeader(doc, s.columns, widths)
  s.rows.forEach((row, i) => {
    const h = rowHeight(doc, s.columns, widths, row)
    if (doc.y + h > bottom(doc)) {
      doc.addPage()
      tableHeader(doc, s.columns, widths)
    }
    if (i % 2 === 1) doc.rect(MARGIN, doc.y, contentWidth(doc), h).fill(STRIPE)
    tableRow(doc, s.columns, widths, row, 'Helvetica', h)
  })
  doc.y += 16
}

function columnWidths(doc: Doc, columns: Column[]): number[] {
  const total = columns.reduce((s, c) => s + c.width, 0)
  return columns.map((c) => (c.width / total) * contentWidth(doc))
}

function tableHeader(doc: Doc, columns: Column[], widths: number[]): void {
  doc.rect(MARGIN, doc.y, contentWidth(doc), ROW_H + 2).fill('#e4e9ee')
  tableRow(
    doc,
    columns,
    widths,
    columns.map((c) => c.title),
    'Helvetica-Bold',
    ROW_H + 2,
  )
}

const textOf = (raw: string | Cell): string => (typeof raw === 'string' ? raw : raw.text)

/** One line, or as many as the longest wrapping cell needs. */
function rowHeight(doc: Doc, columns: Column[], widths: number[], row: (string | Cell)[]): number {
  let h = ROW_H
  doc.font('Helvetica').fontSize(FONT)
  row.forEach((raw, i) => {
    if (columns[i]?.wrap !== true) return
    h = Math.max(h, doc.heightOfString(textOf(raw), { width: (widths[i] ?? 0) - 8 }) + 6)
  })
  return h
}

function tableRow(
  doc: Doc,
  columns: Column[],
  widths: number[],
  row: (string | Cell)[],
  font: string,
  height = ROW_H,
): void {
  const y = doc.y
  let x = MARGIN
  row.forEach((raw, i) => {
    const cell: Cell = typeof raw === 'string' ? { text: raw } : raw
    const w = widths[i] ?? 0
    doc
      .font(font)
      .fontSize(FONT)
      .fillColor(cell.tone === undefined ? INK : TONES[cell.tone])
      .text(
        cell.text === '' ? ' ' : cell.text,
        x + 4,
        columns[i]?.wrap === true ? y + 3 : y + (height - FONT) / 2,
        columns[i]?.wrap === true
          ? { width: w - 8, align: columns[i]?.align ?? 'left' }
          : {
              width: w - 8,
              align: columns[i]?.align ?? 'left',
              lineBreak: false,
              ellipsis: true,
              height: FONT + 2,
            },
      )
    x += w
  })
  doc.y = y + height
}

function footer(doc: Doc, r: ReportDoc, index: number, count: number): void {
  doc.switchToPage(index)
  const y = doc.page.height - MARGIN + 6
  // writing below the bottom margin would add a page: lift it for the footer line only
  const margin = doc.page.margins.bottom
  doc.page.margins.bottom = 0
  doc
    .moveTo(MARGIN, y - 6)
    .lineTo(MARGIN + contentWidth(doc), y - 6)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke()
  doc
    .fillColor(MUTED)
    .font('Helvetica')
    .fontSize(7.5)
    .text(`${r.title} · ${r.tenantName} · ${r.periodLabel}`, MARGIN, y, { lineBreak: false })
  doc.text(`Page ${index + 1} of ${count}`, MARGIN, y, {
    width: contentWidth(doc),
    align: 'right',
    lineBreak: false,
  })
  doc.page.margins.bottom = margin
}
