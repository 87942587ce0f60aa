// Each user's time zone (issue 15): charts and exact times on hover are printed in it. 'UTC'
// until the user picks one on the account page; an IANA name, checked when saved.
import { sql, type Kysely, type Migration } from 'kysely'

export const migration0024UserTimeZone: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'`).execute(db)
  },
}
