import { describe, expect, it } from 'vitest'
import { CsvSyntaxError, parseCsv, writeCsv } from '../../../src/devices/csv.ts'

describe('parseCsv', () => {
  it('reads plain rows with line numbers', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ])
  })

  it('handles CRLF, a BOM, blank lines and a missing final newline', () => {
    const recs = parseCsv('\uFEFFname,host\r\n\r\nr1,10.0.0.1\r\nr2,10.0.0.2')
    expect(recs.map((r) => r.cells)).toEqual([
      ['name', 'host'],
      ['r1', '10.0.0.1'],
      ['r2', '10.0.0.2'],
    ])
    expect(recs.map((r) => r.line)).toEqual([1, 3, 4])
  })

  it('reads quoted fields with commas, quotes and newlines', () => {
    const recs = parseCsv('n,notes\nr1,"a, ""b""\nline two"\nr2,x\n')
    expect(recs[1]?.cells).toEqual(['r1', 'a, "b"\nline two'])
    expect(recs[2]).toEqual({ line: 4, cells: ['r2', 'x'] })
  })

  it('keeps empty cells', () => {
    expect(parseCsv('a,,c,\n')[0]?.cells).toEqual(['a', '', 'c', ''])
  })

  it('rejects an unterminated quote with its line', () => {
    expect(() => parseCsv('a,b\n1,"oops\n')).toThrow(CsvSyntaxError)
    expect(() => parseCsv('a,b\n1,"oops\n')).toThrow(/line 2/)
  })
})

describe('writeCsv', () => {
  it('quotes what needs quoting and guards formulas', () => {
    const text = writeCsv(
      ['a', 'b'],
      [
        ['x,y', '=HYPERLINK("evil")'],
        [null, 3],
      ],
    )
    expect(text).toBe('a,b\r\n"x,y","\'=HYPERLINK(""evil"")"\r\n,3\r\n')
  })

  it('round-trips through parseCsv, formula guard included', () => {
    const rows = [['r1', '-5 dBm', 'a "quoted"\nnote', '@home', '']]
    const parsed = parseCsv(writeCsv(['n', 'a', 'b', 'c', 'd'], rows))
    expect(parsed[1]?.cells).toEqual(rows[0])
  })
})
