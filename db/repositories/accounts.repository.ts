import type { Role } from '../../domain/access';
import type { Queryable } from '../pool';

export interface AccountRow {
  id: string;
  bureau_id: string;
  username: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  school_id: string | null;
  email: string | null;
  phone: string | null;
  password_hash: string;
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
}

export interface NewAccount {
  bureauId: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId?: string | null;
  schoolId?: string | null;
  email?: string | null;
  phone?: string | null;
  passwordHash: string;
}

export async function insertAccount(db: Queryable, a: NewAccount): Promise<AccountRow> {
  const { rows } = await db.query<AccountRow>(
    `insert into accounts (bureau_id, username, display_name, role, department_id, school_id, email, phone, password_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
    [a.bureauId, a.username, a.displayName, a.role, a.departmentId ?? null, a.schoolId ?? null, a.email ?? null, a.phone ?? null, a.passwordHash],
  );
  return rows[0]!;
}

export async function getAccount(db: Queryable, id: string): Promise<AccountRow | undefined> {
  return (await db.query<AccountRow>('select * from accounts where id = $1', [id])).rows[0];
}

export async function getAccountByUsername(db: Queryable, username: string): Promise<AccountRow | undefined> {
  return (await db.query<AccountRow>('select * from accounts where username = $1', [username])).rows[0];
}

export async function listAccounts(db: Queryable, bureauId: string): Promise<AccountRow[]> {
  return (await db.query<AccountRow>('select * from accounts where bureau_id = $1 order by role, username', [bureauId])).rows;
}

export async function usernamesTaken(db: Queryable, usernames: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ username: string }>('select username from accounts where username = any($1)', [usernames]);
  return new Set(rows.map((r) => r.username));
}

export interface AccountPatch {
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  disabled?: boolean;
  unlock?: boolean;
  passwordHash?: string;
}

/** Applies a change and returns the account before and after it (for the audit trail). */
export async function updateAccount(db: Queryable, id: string, p: AccountPatch): Promise<AccountRow | undefined> {
  const { rows } = await db.query<AccountRow>(
    `update accounts set
       display_name = coalesce($2, display_name),
       email = case when $3::boolean then $4 else email end,
       phone = case when $5::boolean then $6 else phone end,
       disabled_at = case when $7::boolean is null then disabled_at when $7 then coalesce(disabled_at, now()) else null end,
       locked_until = case when $8::boolean or $9::text is not null then null else locked_until end,
       failed_logins = case when $8::boolean or $9::text is not null then 0 else failed_logins end,
       password_hash = coalesce($9, password_hash),
       updated_at = now()
     where id = $1 returning *`,
    [id, p.displayName ?? null, p.email !== undefined, p.email ?? null, p.phone !== undefined, p.phone ?? null, p.disabled ?? null, p.unlock ?? false, p.passwordHash ?? null],
  );
  return rows[0];
}

/**
 * Counts a failed login; the failure that reaches `lockAfter` locks the account for `lockMinutes`
 * and starts the count again. One statement, so concurrent guesses cannot slip past the limit.
 */
export async function recordLoginFailure(db: Queryable, id: string, lockAfter: number, lockMinutes: number): Promise<{ lockedUntil: Date | null; failures: number }> {
  const { rows } = await db.query<{ locked_until: Date | null; failed_logins: number; just_locked: boolean }>(
    `update accounts set
       failed_logins = case when failed_logins + 1 >= $2 then 0 else failed_logins + 1 end,
       locked_until = case when failed_logins + 1 >= $2 then now() + make_interval(mins => $3) else locked_until end
     where id = $1 returning locked_until, failed_logins, failed_logins = 0 as just_locked`,
    [id, lockAfter, lockMinutes],
  );
  const r = rows[0]!;
  return { lockedUntil: r.just_locked ? r.locked_until : null, failures: r.just_locked ? lockAfter : r.failed_logins };
}

/**
 * Records a successful login unless the account became locked meanwhile (a parallel guess may
 * have locked it while this password was being checked); false then, and the login is refused.
 */
export async function recordLoginSuccess(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'update accounts set failed_logins = 0, last_login_at = now() where id = $1 and (locked_until is null or locked_until <= now())',
    [id],
  );
  return (rowCount ?? 0) > 0;
}
