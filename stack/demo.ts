import { randomBytes } from 'node:crypto';
import { createBureauWithAdmin } from '../auth/accounts';
import { generateToken } from '../auth/credentials';
import { createPool } from '../db/pool';
import { getAccountByUsername } from '../db/repositories/accounts.repository';
import { getBureauByCode } from '../db/repositories/bureaus.repository';
import { insertToken, revokeToken } from '../db/repositories/tokens.repository';
import ExcelJS from 'exceljs';
import { XLSX_TYPE } from '../api/accounts-sheet';
import { addCalendarDays, shanghaiDate } from '../domain/calendar';
import { demoResourceRows, demoSchoolYear, demoAdmin, demoBureau, demoCampaign, demoPeople, demoReviewerConflict, demoReviewerSchools, demoSchools } from '../demo/yueqing';

interface Json {
  [k: string]: unknown;
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: string;
  /** Present only when the account was created by this start. */
  password?: string;
}

export interface Demo {
  bureauId: string;
  campaignId: string;
  created: boolean;
  accounts: DemoAccount[];
}

/**
 * Loads the demo once: the Yueqing bureau with its administrator (created as an operator would,
 * with the bureau:create command's code), then everything else through the API as that
 * administrator — people of each role, a campaign on the seed 001 template, a reviewer's schools —
 * and starts the campaign. Later starts find it all and change nothing. Generated passwords are
 * returned only when created, for the start command to print once.
 */
export async function loadDemo(apiBase: string, databaseUrl: string, appRole: string, inboxBase?: string): Promise<Demo> {
  const pool = createPool(databaseUrl, { max: 2, role: appRole || undefined });
  let tokenId: string | undefined;
  try {
    let created = false;
    const accounts: DemoAccount[] = [];
    let bureau = await getBureauByCode(pool, demoBureau.code);
    if (!bureau) {
      const made = await createBureauWithAdmin(pool, { ...demoBureau, admin: demoAdmin }, { actor: 'operator (demo loader)' });
      bureau = (await getBureauByCode(pool, demoBureau.code))!;
      accounts.push({ ...demoAdmin, role: 'bureau_admin', password: made.admin.initialPassword });
      created = true;
    }
    const admin = await getAccountByUsername(pool, demoAdmin.username);
    if (!admin) throw new Error(`the demo bureau exists but its administrator ${demoAdmin.username} does not`);
    // A ten-minute session for the loader alone, revoked when it is done.
    const session = generateToken('session');
    tokenId = (await insertToken(pool, { accountId: admin.id, kind: 'session', hash: session.hash, scopes: ['read', 'write'], expiresAt: new Date(Date.now() + 600_000) })).id;
    const call = async (method: string, url: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${apiBase}${url}`, {
        method,
        headers: { authorization: `Bearer ${session.secret}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text}`);
      return text ? (JSON.parse(text) as Json) : {};
    };

    const bureauId = bureau.id;
    const campaigns = (await call('GET', `/bureaus/${bureauId}/campaigns`)) as Json[];
    let campaign = campaigns.find((c) => c.name === demoCampaign.name);
    if (!campaign) {
      campaign = (await call('POST', `/bureaus/${bureauId}/campaigns`, { ...demoCampaign, schools: demoSchools })) as Json;
      created = true;
    }
    const campaignId = String(campaign.id);

    const [departments, schools, existing] = (await Promise.all([
      call('GET', `/bureaus/${bureauId}/departments`),
      call('GET', `/bureaus/${bureauId}/schools`),
      call('GET', `/bureaus/${bureauId}/accounts`),
    ])) as [Json[], Json[], Json[]];
    const schoolId = (code: string) => String(schools.find((s) => s.code === code)!.id);
    for (const p of demoPeople) {
      const found = existing.find((a) => a.username === p.username);
      if (found) {
        accounts.push({ username: p.username, displayName: p.displayName, role: p.role });
        continue;
      }
      const made = await call('POST', `/bureaus/${bureauId}/accounts`, {
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        departmentId: 'departmentCode' in p ? String(departments.find((d) => d.code === p.departmentCode)!.id) : undefined,
        schoolId: 'schoolCode' in p ? schoolId(p.schoolCode) : undefined,
      });
      accounts.push({ username: p.username, displayName: p.displayName, role: p.role, password: String(made.initialPassword) });
      if (p.role === 'reviewer' && 'schoolCode' in p) {
        await call('POST', `/accounts/${made.id}/conflicts`, { schoolId: schoolId(demoReviewerConflict.schoolCode), reason: demoReviewerConflict.reason });
        await call('PUT', `/campaigns/${campaignId}/reviewers/${made.id}/schools`, { schoolIds: demoReviewerSchools.map(schoolId) });
      } else if (p.role === 'reviewer') {
        await call('PUT', `/campaigns/${campaignId}/reviewers/${made.id}/schools`, { schoolIds: schools.map((s) => String(s.id)) });
      }
    }
    if (!accounts.some((a) => a.username === demoAdmin.username)) accounts.unshift({ ...demoAdmin, role: 'bureau_admin' });
    // Reminders on every channel: e-mail addresses, and the bureau's robots and webhook pointing at
    // the start command's demo inbox; a test message shows each one working right away.
    if (inboxBase && created) {
      const everyone = (await call('GET', `/bureaus/${bureauId}/accounts`)) as Json[];
      for (const a of everyone) await call('PATCH', `/accounts/${String(a.id)}`, { email: `${String(a.username)}@yueqing-demo.local` });
      const secret = () => randomBytes(16).toString('hex');
      await call('POST', `/bureaus/${bureauId}/channels`, { kind: 'wecom', name: '教育局工作群（企业微信）', url: `${inboxBase}/wecom` });
      await call('POST', `/bureaus/${bureauId}/channels`, { kind: 'dingtalk', name: '教育局工作群（钉钉）', url: `${inboxBase}/dingtalk?access_token=demo`, secret: `SEC${secret()}` });
      await call('POST', `/bureaus/${bureauId}/channels`, { kind: 'webhook', name: '办公系统 webhook', url: `${inboxBase}/webhook`, secret: secret() });
      await call('POST', `/bureaus/${bureauId}/channels/test`);
    }
    await call('POST', `/campaigns/${campaignId}/start`);
    await loadReadiness(apiBase, session.secret, bureauId, call);
    return { bureauId, campaignId, created, accounts };
  } finally {
    if (tokenId) await revokeToken(pool, tokenId).catch(() => undefined);
    await pool.end();
  }
}

/**
 * The county's 优质均衡 readiness for the demo school year, once: the resource data uploaded
 * through the bureau's own Excel template, and the assessment checklist due in 30 days with seed
 * 004's departments where the demo bureau has them.
 */
async function loadReadiness(apiBase: string, secret: string, bureauId: string, call: (method: string, url: string, body?: unknown) => Promise<any>): Promise<void> {
  const base = `/bureaus/${bureauId}/balance/${demoSchoolYear}`;
  const history = (await call('GET', `${base}/history`)) as unknown[];
  if (history.length === 0) {
    const template = await fetch(`${apiBase}/bureaus/${bureauId}/balance/template.xlsx`, { headers: { authorization: `Bearer ${secret}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await template.arrayBuffer());
    const ws = wb.getWorksheet('资源数据')!;
    // The template lists one row per school: fill each school's row as a bureau clerk would.
    ws.eachRow((row, n) => {
      const filled = n > 1 ? demoResourceRows.find((r) => r[0] === row.getCell(1).text) : undefined;
      if (filled) filled.forEach((v, i) => (row.getCell(i + 1).value = v));
    });
    const res = await fetch(`${apiBase}${base}/upload`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': XLSX_TYPE }, body: Buffer.from(await wb.xlsx.writeBuffer()) });
    if (!res.ok) throw new Error(`demo resource upload → ${res.status}: ${await res.text()}`);
  }
  const checklist = await fetch(`${apiBase}${base}/checklist`, { headers: { authorization: `Bearer ${secret}` } });
  if (checklist.status === 404) await call('POST', `${base}/checklist`, { dueOn: addCalendarDays(shanghaiDate(Date.now()), 30) });
}
