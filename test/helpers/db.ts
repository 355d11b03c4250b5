import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createPool } from '../../db/pool';
import { insertBureau } from '../../db/repositories/bureaus.repository';

/** A pool with the application's privileges, as the API and worker run. */
export function testPool(): Pool {
  const url = process.env.APP_DATABASE_URL;
  if (!url) throw new Error('APP_DATABASE_URL is not set; run the tests with `npm test`');
  return createPool(url, { max: 5, role: process.env.DATABASE_APP_ROLE ?? 'campaigns_app' });
}

/** A pool with the schema owner's privileges, for tests that play an attacker with database access. */
export function ownerPool(): Pool {
  return createPool(testDatabaseUrl(), { max: 2 });
}

function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set; run the tests with `npm test`');
  return url;
}

/** A bureau of the test's own, so test files never see each other's rows. */
export async function createTestBureau(pool: Pool, name = '测试教育局') {
  return insertBureau(pool, { code: `t-${randomUUID().slice(0, 12)}`, name });
}
