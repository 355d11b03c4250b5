import type { Pool, PoolClient } from 'pg';
import { withTransaction, type Queryable } from '../db/pool';
import { insertAccount, type AccountRow } from '../db/repositories/accounts.repository';
import { recordAuditEvent } from '../db/repositories/audit.repository';
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

export interface PreparedAccount {
  spec: AccountSpec;
  initialPassword: string;
  passwordHash: string;
}

/**
 * Generates and hashes the passwords of new accounts. Done before the transaction: hashing is
 * slow by design, and inside the transaction it would hold the bureau's audit chain locked.
 */
export async function prepareAccounts(specs: AccountSpec[]): Promise<PreparedAccount[]> {
  return Promise.all(
    specs.map(async (spec) => {
      const initialPassword = generatePassword();
      return { spec, initialPassword, passwordHash: await hashPassword(initialPassword) };
    }),
  );
}

/** Creates accounts with generated passwords (see prepareAccounts), each with its audit event. */
export async function createAccounts(tx: Queryable, bureauId: string, specs: AccountSpec[] | PreparedAccount[], by: AuditedBy): Promise<CreatedAccount[]> {
  const prepared = specs.length > 0 && 'passwordHash' in specs[0]! ? (specs as PreparedAccount[]) : await prepareAccounts(specs as AccountSpec[]);
  const created: CreatedAccount[] = [];
  for (const { spec, initialPassword, passwordHash } of prepared) {
    const account = await insertAccount(tx, { ...spec, bureauId, passwordHash });
    await recordAuditEvent(tx, {
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
  const admin = await prepareAccounts([{ ...input.admin, role: 'bureau_admin' }]);
  return withTransaction(pool, async (tx: PoolClient) => {
    const bureau = await insertBureau(tx, input);
    await insertDepartments(tx, bureau.id, input.departments ?? []);
    await recordAuditEvent(tx, {
      bureauId: bureau.id,
      ...by,
      action: 'bureau.created',
      subject: `bureau:${bureau.id}`,
      after: { code: input.code, name: input.name, departments: input.departments ?? [] },
      idempotencyKey: `bureau:${bureau.id}:created`,
    });
    const [created] = await createAccounts(tx, bureau.id, admin, by);
    return { bureau: { id: bureau.id, code: bureau.code, name: bureau.name }, admin: created! };
  });
}
