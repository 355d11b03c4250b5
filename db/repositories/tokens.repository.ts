import type { Role } from '../../domain/access';
import type { Queryable } from '../pool';

export type Scope = 'read' | 'write';

export interface TokenRow {
  id: string;
  account_id: string;
  kind: 'session' | 'api';
  name: string | null;
  scopes: Scope[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export async function insertToken(
  db: Queryable,
  t: { accountId: string; kind: 'session' | 'api'; name?: string | null; hash: Buffer; scopes: Scope[]; expiresAt: Date | null },
): Promise<TokenRow> {
  const { rows } = await db.query<TokenRow>(
    `insert into access_tokens (account_id, kind, name, token_hash, scopes, expires_at) values ($1, $2, $3, $4, $5, $6)
     returning id, account_id, kind, name, scopes, created_at, expires_at, last_used_at, revoked_at`,
    [t.accountId, t.kind, t.name ?? null, t.hash, t.scopes, t.expiresAt],
  );
  return rows[0]!;
}

export interface ActiveToken {
  token_id: string;
  kind: 'session' | 'api';
  scopes: Scope[];
  last_used_at: Date | null;
  account_id: string;
  bureau_id: string;
  username: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  school_id: string | null;
}

/** The token and its account, when the token is unrevoked, unexpired and its account enabled. */
export async function findActiveToken(db: Queryable, hash: Buffer): Promise<ActiveToken | undefined> {
  const { rows } = await db.query<ActiveToken>(
    `select t.id as token_id, t.kind, t.scopes, t.last_used_at, a.id as account_id, a.bureau_id, a.username,
            a.display_name, a.role, a.department_id, a.school_id
       from access_tokens t join accounts a on a.id = t.account_id
      where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
        and a.disabled_at is null`,
    [hash],
  );
  return rows[0];
}

/** Records use at most once a minute per token, so reads do not turn into a write each. */
export async function touchToken(db: Queryable, id: string): Promise<void> {
  await db.query(`update access_tokens set last_used_at = now() where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [id]);
}

export async function listApiTokens(db: Queryable, accountId: string): Promise<TokenRow[]> {
  const { rows } = await db.query<TokenRow>(
    `select id, account_id, kind, name, scopes, created_at, expires_at, last_used_at, revoked_at
       from access_tokens where account_id = $1 and kind = 'api' order by created_at desc`,
    [accountId],
  );
  return rows;
}

export async function getToken(db: Queryable, id: string): Promise<TokenRow | undefined> {
  const { rows } = await db.query<TokenRow>(
    'select id, account_id, kind, name, scopes, created_at, expires_at, last_used_at, revoked_at from access_tokens where id = $1',
    [id],
  );
  return rows[0];
}

export async function revokeToken(db: Queryable, id: string): Promise<TokenRow | undefined> {
  const { rows } = await db.query<TokenRow>(
    `update access_tokens set revoked_at = coalesce(revoked_at, now()) where id = $1
     returning id, account_id, kind, name, scopes, created_at, expires_at, last_used_at, revoked_at`,
    [id],
  );
  return rows[0];
}

/** Ends every session and API token of an account: when it is disabled or its password reset. */
export async function revokeAllTokens(db: Queryable, accountId: string): Promise<number> {
  const { rowCount } = await db.query('update access_tokens set revoked_at = now() where account_id = $1 and revoked_at is null', [accountId]);
  return rowCount ?? 0;
}

/** Ends every session (not API tokens) of an account: after its owner changes the password. */
export async function revokeSessions(db: Queryable, accountId: string, exceptTokenId?: string): Promise<number> {
  const { rowCount } = await db.query(
    `update access_tokens set revoked_at = now() where account_id = $1 and kind = 'session' and revoked_at is null and id is distinct from $2`,
    [accountId, exceptTokenId ?? null],
  );
  return rowCount ?? 0;
}
