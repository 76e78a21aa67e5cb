import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can (DATABASE_URL is set). */
export function postgresSkipReason(): string | undefined {
  if (process.env.DATABASE_URL) return undefined;
  const reason = 'DATABASE_URL is not set: PostgreSQL tests skipped (set it, e.g. postgres://postgres@127.0.0.1:5432/test; REQUIRE_POSTGRES=1 makes this a failure)';
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error(reason.replace('skipped', 'required'));
  console.warn(reason);
  return reason;
}

/** A schema of its own for one test file, dropped afterwards. */
export async function scratchSchema(): Promise<ScratchSchema> {
  const url = process.env.DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return {
    url,
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}
