import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createPool } from '../../db/pool';
import { insertBureau } from '../../db/repositories/bureaus.repository';

export function testPool(): Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set; run the tests with `npm test`');
  return createPool(url, 5);
}

/** A bureau of the test's own, so test files never see each other's rows. */
export async function createTestBureau(pool: Pool, name = '测试教育局') {
  return insertBureau(pool, { code: `t-${randomUUID().slice(0, 12)}`, name });
}
