import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createAccounts, createBureauWithAdmin } from '../../auth/accounts';
import { generateToken } from '../../auth/credentials';
import { withTransaction } from '../../db/pool';
import type { AccountRow } from '../../db/repositories/accounts.repository';
import { listDepartments, upsertSchools, type SchoolRow } from '../../db/repositories/bureaus.repository';
import { insertToken, type Scope } from '../../db/repositories/tokens.repository';
import { demoSchools } from '../../demo/yueqing';

export type Persona = 'admin' | 'staff' | 'reviewer' | 'school';

export interface Tenant {
  bureauId: string;
  departmentId: string;
  schools: SchoolRow[];
  accounts: Record<Persona, AccountRow>;
  passwords: Record<Persona, string>;
  tokens: Record<Persona, string>;
  auth: (p: Persona) => { authorization: string };
}

/** A session token for an account, as a login would make it (without the password round trip). */
export async function sessionFor(pool: Pool, accountId: string, scopes: Scope[] = ['read', 'write']): Promise<string> {
  const t = generateToken('session');
  await insertToken(pool, { accountId, kind: 'session', hash: t.hash, scopes, expiresAt: new Date(Date.now() + 3600_000) });
  return t.secret;
}

/**
 * A bureau of the test's own with the demo's 16 schools and one signed-in person per role: the
 * administrator, department staff, a reviewer who works at the second school, and a user of the
 * first school.
 */
export async function createTenant(pool: Pool): Promise<Tenant> {
  const tag = randomUUID().slice(0, 8);
  const made = await createBureauWithAdmin(pool, {
    code: `t-${tag}`,
    name: `测试教育局 ${tag}`,
    departments: [{ code: 'dudao', name: '督导室' }],
    admin: { username: `admin-${tag}`, displayName: '测试管理员' },
  });
  const bureauId = made.bureau.id;
  const schools = await upsertSchools(pool, bureauId, demoSchools);
  const [department] = await listDepartments(pool, bureauId);
  const [staff, reviewer, school] = await withTransaction(pool, (tx) =>
    createAccounts(
      tx,
      bureauId,
      [
        { username: `staff-${tag}`, displayName: '测试科员', role: 'department_staff', departmentId: department!.id },
        { username: `reviewer-${tag}`, displayName: '测试专家', role: 'reviewer', schoolId: schools[1]!.id },
        { username: `school-${tag}`, displayName: '测试学校用户', role: 'school', schoolId: schools[0]!.id },
      ],
      { actor: 'test' },
    ),
  );
  const accounts = { admin: made.admin.account, staff: staff!.account, reviewer: reviewer!.account, school: school!.account };
  const passwords = { admin: made.admin.initialPassword, staff: staff!.initialPassword, reviewer: reviewer!.initialPassword, school: school!.initialPassword };
  const tokens = {} as Record<Persona, string>;
  for (const p of Object.keys(accounts) as Persona[]) tokens[p] = await sessionFor(pool, accounts[p].id);
  return { bureauId, departmentId: department!.id, schools, accounts, passwords, tokens, auth: (p) => ({ authorization: `Bearer ${tokens[p]}` }) };
}
