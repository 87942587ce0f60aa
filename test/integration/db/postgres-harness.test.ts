// The throwaway PostgreSQL server the PostgreSQL tests use starts, answers and stops.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

let pg: TestPostgres
beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg?.stop())

test('a throwaway PostgreSQL server answers queries and creates databases', () => {
  expect(pg.psql('SELECT 40 + 2')).toBe('42\n')
  pg.psql('CREATE DATABASE harness_check')
  expect(pg.psql('SELECT current_database()', 'harness_check')).toBe('harness_check\n')
  expect(pg.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/)
})
