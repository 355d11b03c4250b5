import ExcelJS from 'exceljs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { XLSX_TYPE } from '../../api/accounts-sheet';
import { LOGIN_LOCK_AFTER, LOGIN_RATE_PER_MINUTE } from '../../api/routes/auth';
import { recordLoginFailure, recordLoginSuccess } from '../../db/repositories/accounts.repository';
import { listChain, bureauChain } from '../../db/repositories/audit.repository';
import { testPool } from '../helpers/db';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let t: Tenant;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  pool = testPool();
  app = await buildApp({ pool, temporal: env.client, taskQueue: 'identity' });
  t = await createTenant(pool);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

// Each login comes from its own address, so the per-address limit is tested only where meant.
let ip = 1;
const login = (username: string, password: string, remoteAddress = `10.0.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`) =>
  app.inject({ method: 'POST', url: '/auth/login', payload: { username, password }, remoteAddress });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('sign-in', () => {
  it('signs in with the generated password and the session identifies the account', async () => {
    const res = await login(t.accounts.staff.username, t.passwords.staff);
    expect(res.statusCode).toBe(200);
    const { token, account } = res.json();
    expect(account.role).toBe('department_staff');
    const me = await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) });
    expect(me.json()).toMatchObject({ accountId: t.accounts.staff.id, bureauId: t.bureauId, via: 'session' });
    // Logging out ends that session at once.
    expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) })).json().code).toBe('invalid_token');
  });

  it('says the same for an unknown user and a wrong password', async () => {
    const unknown = await login('nobody-here', 'whatever-password');
    const wrong = await login(t.accounts.staff.username, 'wrong-password');
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json().titleZh).toBe(wrong.json().titleZh);
  });

  it(`locks an account after ${LOGIN_LOCK_AFTER} wrong passwords, says until when, and an admin unlocks it`, async () => {
    const user = t.accounts.reviewer.username;
    for (let i = 1; i < LOGIN_LOCK_AFTER; i += 1) expect((await login(user, `wrong-${i}`)).statusCode).toBe(401);
    const locking = await login(user, 'wrong-last');
    expect(locking.statusCode).toBe(423);
    expect(locking.json().code).toBe('account_locked');
    expect(locking.json().titleZh).toMatch(/已锁定.*北京时间/);
    expect(Date.parse(locking.json().lockedUntil)).toBeGreaterThan(Date.now() + 14 * 60_000);
    // Even the right password is refused while locked, and the account list shows it.
    expect((await login(user, t.passwords.reviewer)).statusCode).toBe(423);
    const listed = (await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/accounts`, headers: t.auth('admin') })).json();
    expect(listed.find((x: { username: string }) => x.username === user).locked).toBe(true);

    const unlock = await app.inject({ method: 'PATCH', url: `/accounts/${t.accounts.reviewer.id}`, headers: t.auth('admin'), payload: { unlock: true, reason: '本人电话确认' } });
    expect(unlock.json().locked).toBe(false);
    expect((await login(user, t.passwords.reviewer)).statusCode).toBe(200);
    const actions = (await listChain(pool, bureauChain(t.bureauId))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account.locked', 'account.updated']));
  });

  it(`limits login attempts per address to ${LOGIN_RATE_PER_MINUTE} a minute`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_RATE_PER_MINUTE; i += 1) statuses.push((await login('nobody-here', 'x', '192.0.2.77')).statusCode);
    expect(statuses.slice(0, LOGIN_RATE_PER_MINUTE).every((s) => s === 401)).toBe(true);
    const limited = await login('nobody-here', 'x', '192.0.2.77');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().titleZh).toContain('请求过于频繁');
    expect(String(limited.headers['content-type'])).toMatch(/problem\+json/);
  });

  it('behind a trusted proxy, limits the client address it forwards, not the proxy', async () => {
    const proxied = await buildApp({ pool, temporal: env.client, taskQueue: 'identity' }, { trustProxyHops: 1 });
    try {
      const from = (client: string) =>
        proxied.inject({ method: 'POST', url: '/auth/login', payload: { username: 'nobody-here', password: 'x' }, remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': client } });
      for (let i = 0; i < LOGIN_RATE_PER_MINUTE; i += 1) await from('198.51.100.7');
      expect((await from('198.51.100.7')).statusCode).toBe(429);
      expect((await from('198.51.100.8')).statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a disabled account, and its sessions stop working', async () => {
    const made = await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/accounts`, headers: t.auth('admin'), payload: { username: `leaver-${Date.now()}`, displayName: '离职人员', role: 'department_staff', departmentId: t.departmentId } });
    expect(made.statusCode).toBe(201);
    const { id, username, initialPassword } = made.json();
    const { token } = (await login(username, initialPassword)).json();
    await app.inject({ method: 'PATCH', url: `/accounts/${id}`, headers: t.auth('admin'), payload: { disabled: true, reason: '调离' } });
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) })).statusCode).toBe(401);
    const again = await login(username, initialPassword);
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('account_disabled');
    // Enabling it again does not revive the old session.
    await app.inject({ method: 'PATCH', url: `/accounts/${id}`, headers: t.auth('admin'), payload: { disabled: false, reason: '返岗' } });
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) })).statusCode).toBe(401);
    expect((await login(username, initialPassword)).statusCode).toBe(200);
  });

  it('refuses a correct password if a parallel guess locked the account meanwhile', async () => {
    const made = (await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/accounts`, headers: t.auth('admin'), payload: { username: `raced-${Date.now()}`, displayName: '并发', role: 'reviewer' } })).json();
    expect(await recordLoginSuccess(pool, made.id)).toBe(true);
    for (let i = 0; i < LOGIN_LOCK_AFTER; i += 1) await recordLoginFailure(pool, made.id, LOGIN_LOCK_AFTER, 15);
    expect(await recordLoginSuccess(pool, made.id)).toBe(false);
  });

  it('changes a password only with the current one and a strong new one, ending other sessions', async () => {
    const a = (await login(t.accounts.school.username, t.passwords.school)).json().token;
    const b = (await login(t.accounts.school.username, t.passwords.school)).json().token;
    const weak = await app.inject({ method: 'POST', url: '/auth/password', headers: bearer(a), payload: { currentPassword: t.passwords.school, newPassword: 'short' } });
    expect(weak.json().errors[0].field).toBe('body.newPassword');
    const wrong = await app.inject({ method: 'POST', url: '/auth/password', headers: bearer(a), payload: { currentPassword: 'nope', newPassword: '新的密码-Strong-2026' } });
    expect(wrong.json().errors[0].field).toBe('body.currentPassword');
    const ok = await app.inject({ method: 'POST', url: '/auth/password', headers: bearer(a), payload: { currentPassword: t.passwords.school, newPassword: '新的密码-Strong-2026' } });
    expect(ok.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(a) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(b) })).statusCode).toBe(401);
    expect((await login(t.accounts.school.username, '新的密码-Strong-2026')).statusCode).toBe(200);
    t.passwords.school = '新的密码-Strong-2026';
  });
});

describe('API tokens', () => {
  it('works until revoked, then fails on its very next request', async () => {
    const created = await app.inject({ method: 'POST', url: '/auth/tokens', headers: t.auth('admin'), payload: { name: '学籍系统同步', scopes: ['read', 'write'] } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^cqt_/);
    const { rows } = await pool.query('select token_hash from access_tokens where id = $1', [id]);
    expect(rows[0].token_hash.toString('utf8')).not.toContain(token.slice(4, 20)); // only a hash is kept
    const use = () => app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/schools`, headers: bearer(token) });
    expect((await use()).statusCode).toBe(200);
    expect((await use()).statusCode).toBe(200);
    const revoked = await app.inject({ method: 'DELETE', url: `/auth/tokens/${id}`, headers: t.auth('admin') });
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await use();
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('invalid_token');
    const listed = (await app.inject({ method: 'GET', url: '/auth/tokens', headers: t.auth('admin') })).json();
    expect(listed.find((x: { id: string }) => x.id === id)).toMatchObject({ name: '学籍系统同步' });
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it('cannot mint more tokens, and dies with a password reset', async () => {
    const made = (await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/accounts`, headers: t.auth('admin'), payload: { username: `system-${Date.now()}`, displayName: '对接系统', role: 'department_staff', departmentId: t.departmentId } })).json();
    const session = (await login(made.username, made.initialPassword)).json().token;
    const { token } = (await app.inject({ method: 'POST', url: '/auth/tokens', headers: bearer(session), payload: { name: '同步', scopes: ['read', 'write'] } })).json();
    const minted = await app.inject({ method: 'POST', url: '/auth/tokens', headers: bearer(token), payload: { name: '再来一个' } });
    expect([minted.statusCode, minted.json().code]).toEqual([403, 'session_required']);
    await app.inject({ method: 'POST', url: `/accounts/${made.id}/password-reset`, headers: t.auth('admin'), payload: { reason: '疑似泄露' } });
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(session) })).statusCode).toBe(401);
  });

  it('audits every change even when a client repeats a request id', async () => {
    const headers = { ...t.auth('admin'), 'x-request-id': 'same-id-twice' };
    await app.inject({ method: 'PATCH', url: `/accounts/${t.accounts.staff.id}`, headers, payload: { displayName: '改名一' } });
    await app.inject({ method: 'PATCH', url: `/accounts/${t.accounts.staff.id}`, headers, payload: { displayName: '改名二' } });
    const renames = (await listChain(pool, bureauChain(t.bureauId), { limit: 1000 })).filter((e) => e.action === 'account.updated' && e.request_id === 'same-id-twice');
    expect(renames.map((e) => (e.after as { displayName: string }).displayName)).toEqual(['改名一', '改名二']);
  });
});

async function sheet(rows: (string | undefined)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账号');
  ws.addRow(['用户名 username', '姓名 name', '角色 role', '科室代码 department code', '学校代码 school code', '邮箱 email', '手机 phone']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('accounts from Excel', () => {
  const upload = (body: Buffer) => app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/accounts/import`, headers: { ...t.auth('admin'), 'content-type': XLSX_TYPE }, payload: body });

  it('serves a template that lists the valid codes', async () => {
    const res = await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/accounts/import-template`, headers: t.auth('admin') });
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('账号')!.getRow(1).getCell(3).value).toBe('角色 role');
    const notes = JSON.stringify(wb.getWorksheet('说明 Notes')!.getSheetValues());
    expect(notes).toContain('dudao');
    expect(notes).toContain(t.schools[0]!.code);
  });

  it('refuses a sheet with bad rows whole, naming sheet, row and column, and creates nothing', async () => {
    const tag = Date.now();
    const res = await upload(
      await sheet([
        [`ok-${tag}`, '正常', '评审专家', '', t.schools[2]!.code],
        [`bad-role-${tag}`, '错角色', '校长'],
        [`no-school-${tag}`, '缺学校', '学校用户', '', 'NO-SUCH'],
        [`ok-${tag}`, '重复', '评审专家'],
        ['X', '非法用户名', '教育局管理员'],
      ]),
    );
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field).join('\n');
    expect(fields).toContain('第 3 行 C 列');
    expect(fields).toContain('第 4 行 E 列');
    expect(fields).toContain('第 5 行 A 列');
    expect(fields).toContain('第 6 行 A 列');
    expect(res.json().titleZh).toContain('未创建任何账号');
    const { rowCount } = await pool.query('select 1 from accounts where username = $1', [`ok-${tag}`]);
    expect(rowCount).toBe(0);
  });

  it('creates every account of a good sheet, each with a generated password that signs in', async () => {
    const tag = Date.now();
    const res = await upload(
      await sheet([
        [`imp-staff-${tag}`, '赵科员', '科室工作人员', 'dudao', '', 'zhao@example.cn'],
        [`imp-school-${tag}`, '钱校长', '学校用户', '', t.schools[4]!.code],
        [`imp-expert-${tag}`, '孙专家', 'reviewer', '', '', '', '13800000000'],
      ]),
    );
    expect(res.statusCode).toBe(201);
    const created = res.json().created;
    expect(created.map((c: { role: string }) => c.role)).toEqual(['department_staff', 'school', 'reviewer']);
    for (const c of created) expect((await login(c.username, c.initialPassword)).statusCode).toBe(200);
    const audited = (await listChain(pool, bureauChain(t.bureauId), { limit: 1000 })).filter((e) => e.action === 'account.created' && JSON.stringify(e.after).includes(`-${tag}`));
    expect(audited).toHaveLength(3);
    expect(JSON.stringify(audited)).not.toMatch(/argon2|password/i);
  });

  it('says clearly when the upload is not a workbook', async () => {
    const res = await upload(Buffer.from('not a spreadsheet'));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toContain('不是有效的 Excel');
  });
});
