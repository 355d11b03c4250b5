import type { Pool, PoolClient } from 'pg';
import { withTransaction, type Queryable } from '../db/pool';
import { insertAccount, type AccountRow } from '../db/repositories/accounts.repository';
import { appendAuditEvent } from '../db/repositories/audit.repository';
import { getBureauByCode, insertBureau, insertDepartments } from '../db/repositories/bureaus.repository';
import type { Role } from '../domain/access';
import { generatePassword, hashPassword } from './credentials';

export interface AccountSpec {
  username: string;
  displayName: string;
  role: Role;
  departmentId?: string | null;
  schoolId?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface CreatedAccount {
  account: AccountRow;
  /** Generated, shown once to whoever created the account, never stored in clear. */
  initialPassword: string;
}

export interface AuditedBy {
  actor: string;
  actorAccountId?: string | null;
  requestId?: string | null;
}

/** What an account looks like to a person: never its password hash. */
export function accountView(a: AccountRow) {
  const locked = !!a.locked_until && a.locked_until.getTime() > Date.now();
  return {
    id: a.id,
    username: a.username,
    displayName: a.display_name,
    role: a.role,
    departmentId: a.department_id,
    schoolId: a.school_id,
    email: a.email,
    phone: a.phone,
    locked,
    lockedUntil: locked ? a.locked_until!.toISOString() : null,
    disabled: !!a.disabled_at,
    lastLoginAt: a.last_login_at?.toISOString() ?? null,
    createdAt: a.created_at.toISOString(),
  };
}

/** Creates accounts with generated passwords, each with its audit event, inside the caller's transaction. */
export async function createAccounts(tx: Queryable, bureauId: string, specs: AccountSpec[], by: AuditedBy): Promise<CreatedAccount[]> {
  const created: CreatedAccount[] = [];
  for (const spec of specs) {
    const initialPassword = generatePassword();
    const account = await insertAccount(tx, { ...spec, bureauId, passwordHash: await hashPassword(initialPassword) });
    await appendAuditEvent(tx, {
      bureauId,
      ...by,
      action: 'account.created',
      subject: `account:${account.id}`,
      after: accountView(account),
      idempotencyKey: `account:${account.id}:created`,
    });
    created.push({ account, initialPassword });
  }
  return created;
}

/**
 * A new bureau (tenant) with its departments and its first administrator. Run by whoever operates
 * the installation (the `bureau:create` command, the demo loader), not through the HTTP API: no
 * bureau's account may create another bureau.
 */
export async function createBureauWithAdmin(
  pool: Pool,
  input: { code: string; name: string; departments?: { code: string; name: string }[]; admin: { username: string; displayName: string } },
  by: AuditedBy = { actor: 'operator' },
): Promise<{ bureau: { id: string; code: string; name: string }; admin: CreatedAccount }> {
  if (await getBureauByCode(pool, input.code)) throw new Error(`bureau code ${input.code} is taken`);
  return withTransaction(pool, async (tx: PoolClient) => {
    const bureau = await insertBureau(tx, input);
    await insertDepartments(tx, bureau.id, input.departments ?? []);
    await appendAuditEvent(tx, {
      bureauId: bureau.id,
      ...by,
      action: 'bureau.created',
      subject: `bureau:${bureau.id}`,
      after: { code: input.code, name: input.name, departments: input.departments ?? [] },
      idempotencyKey: `bureau:${bureau.id}:created`,
    });
    const [admin] = await createAccounts(tx, bureau.id, [{ ...input.admin, role: 'bureau_admin' }], by);
    return { bureau: { id: bureau.id, code: bureau.code, name: bureau.name }, admin: admin! };
  });
}
