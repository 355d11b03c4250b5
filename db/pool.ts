import { Pool, type PoolClient, type QueryResultRow } from 'pg';

export type Queryable = Pick<Pool | PoolClient, 'query'>;

/**
 * A connection pool. With `role`, every connection switches to that role first, so the process
 * holds only the application's privileges (it cannot edit the audit trail) even when the URL logs
 * in as the schema owner.
 */
export function createPool(connectionString: string, opts: { max?: number; role?: string } = {}): Pool {
  const role = opts.role;
  if (role && !/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`invalid database role name: ${role}`);
  // A startup parameter, not a later SET ROLE: a connection that cannot take the role fails
  // outright instead of running with the login role's rights.
  const pool = new Pool({ connectionString, max: opts.max ?? 10, ...(role ? { options: `-c role=${role}` } : {}) });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs fn in one transaction on one client; commits on success, rolls back on any error. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function queryRows<R extends QueryResultRow>(db: Queryable, sql: string, params: unknown[] = []): Promise<R[]> {
  const result = await db.query<R>(sql, params);
  return result.rows;
}
