import { describe, expect, it } from 'vitest'
import {
  existingDeviceRow,
  newDeviceRow,
  readDeviceCsv,
} from '../../../src/devices/device-csv-rows.ts'

describe('readDeviceCsv', () => {
  it('maps cells to lower-cased header names with line numbers', () => {
    const r = readDeviceCsv('Name,HOST,username\nr1,10.0.0.1,admin\n')
    expect(r).toEqual({
      header: ['name', 'host', 'username'],
      records: [{ line: 2, cells: { name: 'r1', host: '10.0.0.1', username: 'admin' } }],
    })
  })

  it('reports an empty file, a file without rows and a syntax error', () => {
    expect(readDeviceCsv('')).toEqual({
      errors: [{ line: 1, field: null, message: 'The file is empty.' }],
    })
    expect(readDeviceCsv('name,host\n')).toMatchObject({
      errors: [{ message: 'The file has no device rows.' }],
    })
    expect(readDeviceCsv('name,host\n"r1,10.0.0.1\n')).toMatchObject({ errors: [{ line: 2 }] })
  })

  it('accepts the read-only columns of an export', () => {
    const r = readDeviceCsv(
      'name,host,status,identity,board,version,serial\nr1,h,online,x,y,7.18,S1\n',
    )
    expect('records' in r).toBe(true)
  })
})

describe('newDeviceRow', () => {
  it('parses enabled words, tag lists and an empty site', () => {
    const r = newDeviceRow(2, {
      name: 'r1',
      host: '10.0.0.1',
      username: 'admin',
      password: 'p',
      enabled: 'No',
      tags: 'a; b;;',
      site: '',
    })
    expect(r).toMatchObject({
      line: 2,
      name: 'r1',
      site: null,
      tags: ['a', 'b'],
      create: { is_enabled: false, username: 'admin' },
    })
  })

  it('returns field errors with the CSV column name', () => {
    const r = newDeviceRow(7, { name: 'r1', host: 'x y', username: 'admin', enabled: 'maybe' })
    expect(r).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 7, field: 'host' }),
        expect.objectContaining({ line: 7, field: 'enabled' }),
      ]),
    )
  })
})

describe('existingDeviceRow', () => {
  const stored = {
    name: 'r1',
    host: '10.0.0.1',
    api_port: '8728',
    transport: 'api',
    tls_mode: 'insecure',
    notes: 'keep me',
    is_enabled: 'on',
    poll_interval_s: '60',
  }

  it('keeps stored values for empty cells and credentials unchanged', () => {
    const r = existingDeviceRow(
      3,
      { name: 'r1', host: '10.0.0.2', notes: '', username: '', password: '', tags: '' },
      stored,
    )
    expect(r).toMatchObject({
      update: {
        host: '10.0.0.2',
        notes: 'keep me',
        username: null,
        password: null,
        is_enabled: true,
      },
      tags: undefined,
    })
  })
})
