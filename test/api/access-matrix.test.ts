import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import Fastify from 'fastify';
import type { Pool } from 'pg';
import { createAccounts } from '../../auth/accounts';
import { generateToken, hashToken } from '../../auth/credentials';
import { buildApp } from '../../api/app';
import accessPlugin from '../../api/plugins/access';
import { withTransaction } from '../../db/pool';
import { upsertSchools } from '../../db/repositories/bureaus.repository';
import { insertConflict, replaceAssignments } from '../../db/repositories/reviewers.repository';
import { assignObjection, insertObjection } from '../../db/repositories/objections.repository';
import { insertListVersion, insertWindow } from '../../db/repositories/publicity.repository';
import { insertApplication } from '../../db/repositories/seed-selection.repository';
import { randomBytes, randomUUID } from 'node:crypto';
import { insertToken } from '../../db/repositories/tokens.repository';
import type { AccessPolicy, Role } from '../../domain/access';
import { checklistCodes } from '../../domain/readiness-checklist';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { bundleWorkflows, createTimeSkippingEnv, silentLogger } from '../helpers/temporal';
import { createWorker } from '../../worker/worker';
import { createTenant, sessionFor, type Tenant } from '../helpers/tenant';

/**
 * Every route × every caller, checked against the route's declared policy: anonymous, each role of
 * bureau A on A's own ids, bureau B's administrator on A's ids, and callers of A outside their
 * scope (a school user of another school, a reviewer on a recused school, an unassigned reviewer).
 */
let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let a: Tenant;
let b: Tenant;
let campaignId: string;
let otherSchoolUser: string;
let unassignedReviewer: string;
let windowId: string;
let objectionId: string;
let applicationId: string;
let evidenceId: string;
const feedToken = randomBytes(24).toString('base64url');
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  const [e, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  env = e;
  pool = testPool();
  app = await buildApp({ pool, temporal: env.client, taskQueue: 'access-matrix' });
  // A worker, so that routes which talk to the campaign workflow answer as they would in use.
  worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue: 'access-matrix', pool, logger: silentLogger, workflowBundle: bundle });
  running = worker.run();
  [a, b] = await Promise.all([createTenant(pool), createTenant(pool)]);
  ({ campaignId } = await insertTestCampaign(pool, a.bureauId, phasesLasting(30)));
  const [outside] = await upsertSchools(pool, a.bureauId, [{ code: 'XX-99', name: '未参加学校', district: '城区学区', level: 'primary' }]);
  const made = await withTransaction(pool, (tx) =>
    createAccounts(tx, a.bureauId, [
      { username: `other-school-${a.bureauId.slice(0, 8)}`, displayName: '其他学校用户', role: 'school', schoolId: outside!.id },
      { username: `idle-reviewer-${a.bureauId.slice(0, 8)}`, displayName: '未分配专家', role: 'reviewer' },
    ], { actor: 'test' }),
  );
  otherSchoolUser = made[0]!.account.id;
  unassignedReviewer = made[1]!.account.id;
  // The reviewer works at school 1, reviews schools 0 and 2, and declared a conflict with school 3.
  await replaceAssignments(pool, { campaignId, bureauId: a.bureauId, reviewerId: a.accounts.reviewer.id, schoolIds: [a.schools[0]!.id, a.schools[2]!.id] });
  await insertConflict(pool, { bureauId: a.bureauId, reviewerId: a.accounts.reviewer.id, schoolId: a.schools[3]!.id, reason: '亲属在该校任职' });
  // A publicity window with an objection by the school user's school, handled by the staff's
  // department, and an application by that school.
  const list = await insertListVersion(pool, { campaignId, listKey: 'seed_list', items: [], contentHash: 'a'.repeat(64), publishedAt: new Date(), publishedBy: 'test' });
  windowId = (await insertWindow(pool, { campaignId, bureauId: a.bureauId, phaseKey: 'seed_publicity', listId: list.id, opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 86_400_000), duration: null, contact: { office: '督导室', phone: null } })).id;
  objectionId = randomUUID();
  await insertObjection(pool, {
    id: objectionId, window_id: windowId, campaign_id: campaignId, bureau_id: a.bureauId, submitter_kind: 'school', submitter: { schoolName: 'x', contactName: 'y', contactPhone: '123456' },
    submitter_account: a.accounts.school.id, submitter_school_id: a.schools[0]!.id, about_school_id: null, facts: 'f', reasons: 'r', received_at: new Date(),
    handling_deadline: new Date(Date.now() + 86_400_000), followKeyHash: Buffer.alloc(32), idempotency_key: null, body_hash: 'h',
  });
  await assignObjection(pool, objectionId, a.departmentId);
  // The feed of an account that is not among the callers, so no caller's new feed revokes it.
  await pool.query('insert into calendar_feeds (account_id, token_hash) values ($1, $2)', [b.accounts.staff.id, hashToken(feedToken)]);
  // The reviewer chairs the report stage's panel.
  await pool.query(`insert into panel_members (campaign_id, stage_key, reviewer_id, bureau_id, role) values ($1, 'report', $2, $3, 'chair')`, [campaignId, a.accounts.reviewer.id, a.bureauId]);
  // A county checklist with one evidence file.
  const { rows: cl } = await pool.query<{ id: string }>(`insert into readiness_checklists (bureau_id, school_year, due_on) values ($1, '2025-2026', '2026-12-31') returning id`, [a.bureauId]);
  await pool.query(`insert into checklist_items (checklist_id, code, due_on) select $1, c, '2026-12-31' from unnest($2::text[]) c`, [cl[0]!.id, checklistCodes]);
  evidenceId = (await pool.query<{ id: string }>(`insert into checklist_evidence (bureau_id, checklist_id, item_code, filename, content_type, size_bytes, sha256, data) values ($1, $2, 'G01', 'a.pdf', 'application/pdf', 1, 'x', '\\x00') returning id`, [a.bureauId, cl[0]!.id])).rows[0]!.id;
  applicationId = randomUUID();
  await insertApplication(pool, { id: applicationId, campaignId, schoolId: a.schools[0]!.id, bureauId: a.bureauId, selfAssessment: {}, statement: 's', by: a.accounts.school.id });
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

type Caller =
  | { kind: 'anonymous'; name: 'anonymous' }
  | { kind: 'signed_in'; name: string; accountId: string; role: Role; bureau: 'A' | 'B'; scope: 'own' | 'outside' };

const callers = (): Caller[] => [
  { kind: 'anonymous', name: 'anonymous' },
  { kind: 'signed_in', name: 'admin', accountId: a.accounts.admin.id, role: 'bureau_admin', bureau: 'A', scope: 'own' },
  { kind: 'signed_in', name: 'staff', accountId: a.accounts.staff.id, role: 'department_staff', bureau: 'A', scope: 'own' },
  { kind: 'signed_in', name: 'reviewer', accountId: a.accounts.reviewer.id, role: 'reviewer', bureau: 'A', scope: 'own' },
  { kind: 'signed_in', name: 'school', accountId: a.accounts.school.id, role: 'school', bureau: 'A', scope: 'own' },
  { kind: 'signed_in', name: "B's admin", accountId: b.accounts.admin.id, role: 'bureau_admin', bureau: 'B', scope: 'own' },
  { kind: 'signed_in', name: 'school user of another school', accountId: otherSchoolUser, role: 'school', bureau: 'A', scope: 'outside' },
  { kind: 'signed_in', name: 'reviewer on a recused school', accountId: a.accounts.reviewer.id, role: 'reviewer', bureau: 'A', scope: 'outside' },
  { kind: 'signed_in', name: 'unassigned reviewer', accountId: unassignedReviewer, role: 'reviewer', bureau: 'A', scope: 'outside' },
];

/** A's ids as this caller would use them; the "outside" callers aim just past their scope. */
async function paramValue(name: string, caller: Caller): Promise<string> {
  const own = caller.kind === 'signed_in' ? caller.accountId : a.accounts.admin.id;
  switch (name) {
    case 'bureauId':
      return a.bureauId;
    case 'campaignId':
      return campaignId;
    case 'schoolId':
      return caller.name === 'reviewer on a recused school' ? a.schools[3]!.id : a.schools[0]!.id;
    case 'accountId':
      // An administrator acts on the reviewer; everyone else on their own account, except the
      // other school's user, who aims at the first school user's account.
      if (caller.name === 'admin' || caller.name === "B's admin") return a.accounts.reviewer.id;
      if (caller.name === 'school user of another school') return a.accounts.school.id;
      return own;
    case 'tokenId': {
      // A fresh API token of the caller (of A's admin for B's admin), so revoking it harms nothing.
      const owner = caller.name === "B's admin" || caller.name === 'anonymous' ? a.accounts.admin.id : own;
      const t = generateToken('api');
      return (await insertToken(pool, { accountId: owner, kind: 'api', name: 'matrix', hash: t.hash, scopes: ['read'], expiresAt: null })).id;
    }
    case 'phaseKey':
      return 'seed_selection';
    case 'windowId':
      return windowId;
    case 'objectionId':
      return objectionId;
    case 'applicationId':
      return applicationId;
    case 'feedToken':
      return feedToken;
    case 'stageKey':
      return 'report';
    case 'schoolYear':
      return '2025-2026';
    case 'itemCode':
      return 'G01';
    case 'evidenceId':
      return evidenceId;
    default:
      throw new Error(`the matrix does not know path parameter ${name}; teach it (and api/scope.ts) before adding the route`);
  }
}

/** What the declared policy promises for this caller on this route. */
function expected(url: string, access: AccessPolicy, caller: Caller): { status: number | 'allowed'; code?: string } {
  if (access.kind === 'public') return { status: 'allowed' };
  if (caller.kind === 'anonymous') return { status: 401 };
  if (access.kind === 'roles' && !access.roles.includes(caller.role)) return { status: 403, code: 'forbidden_role' };
  const params = new Set((url.match(/:(\w+)/g) ?? []).map((p) => p.slice(1)));
  const tenantParams = ['bureauId', 'campaignId', 'schoolId', 'accountId', 'tokenId', 'objectionId', 'applicationId', 'evidenceId'].filter((p) => params.has(p));
  if (caller.bureau === 'B' && tenantParams.length > 0) return { status: 404 };
  if (caller.scope === 'outside') {
    if (caller.name === 'school user of another school') {
      if (params.has('accountId')) return { status: 403, code: 'not_your_account' };
      if (params.has('objectionId') || params.has('applicationId')) return { status: 403, code: 'not_your_school' };
      if (params.has('schoolId')) return { status: 403, code: 'not_your_school' };
      if (params.has('campaignId')) return { status: 403, code: 'not_in_campaign' };
    }
    if (caller.name === 'reviewer on a recused school' && params.has('schoolId')) return { status: 403, code: 'recused' };
    if (caller.name === 'unassigned reviewer' && params.has('campaignId')) return { status: 403, code: 'not_assigned' };
  }
  return { status: 'allowed' };
}

it('answers every route as its declared policy says, for every caller', async () => {
  const routes = app.routeCatalog.filter((r) => !r.url.startsWith('/docs'));
  expect(routes.length).toBeGreaterThanOrEqual(25);
  const failures: string[] = [];
  let checked = 0;
  for (const route of routes) {
    for (const caller of callers()) {
      let url = route.url;
      for (const p of route.url.match(/:(\w+)/g) ?? []) url = url.replace(p, await paramValue(p.slice(1), caller));
      const headers: Record<string, string> = {};
      if (caller.kind === 'signed_in') headers.authorization = `Bearer ${await sessionFor(pool, caller.accountId)}`;
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
      const res = await app.inject({ method: route.method as 'GET', url, headers, ...(hasBody ? { payload: {} } : {}) });
      const want = expected(route.url, route.access, caller);
      const got = `${res.statusCode} ${res.statusCode >= 400 ? res.json().code : ''}`;
      const ok =
        want.status === 'allowed'
          ? ![401, 403, 404].includes(res.statusCode) && res.statusCode < 500
          : res.statusCode === want.status && (!want.code || res.json().code === want.code);
      if (!ok) failures.push(`${route.method} ${route.url} as ${caller.name}: expected ${want.status} ${want.code ?? ''}, got ${got}`);
      checked += 1;
    }
  }
  expect(failures).toEqual([]);
  expect(checked).toBe(routes.length * callers().length);
}, 120_000);

it('lists every route of the OpenAPI document in the policy catalogue', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
  const catalogued = new Set(app.routeCatalog.map((r) => `${r.method} ${r.url}`));
  expect(documented.filter((r) => !catalogued.has(r))).toEqual([]);
});

it('refuses to build an app with a route that declares no policy, or an unknown path parameter', async () => {
  const bare = async (register: (f: ReturnType<typeof Fastify>) => void) => {
    const f = Fastify();
    f.decorate('deps', { pool, temporal: env.client, taskQueue: 'x' });
    await f.register(accessPlugin);
    register(f);
    await f.ready();
  };
  await expect(bare((f) => f.get('/undeclared', async () => 'open'))).rejects.toThrow(/declares no access policy/);
  await expect(bare((f) => f.get('/things/:thingId', { config: { access: { kind: 'signed_in' } } }, async () => 'x'))).rejects.toThrow(/no scope check for path parameter\(s\) thingId/);
  await expect(bare((f) => f.get('/declared', { config: { access: { kind: 'public' } } }, async () => 'ok'))).resolves.toBeUndefined();
});

it('lets a read-only API token read but not write', async () => {
  const t = generateToken('api');
  await insertToken(pool, { accountId: a.accounts.admin.id, kind: 'api', name: 'ro', hash: t.hash, scopes: ['read'], expiresAt: null });
  const headers = { authorization: `Bearer ${t.secret}` };
  expect((await app.inject({ method: 'GET', url: `/bureaus/${a.bureauId}/accounts`, headers })).statusCode).toBe(200);
  const write = await app.inject({ method: 'POST', url: `/bureaus/${a.bureauId}/accounts`, headers, payload: { username: 'never-made', displayName: 'x', role: 'reviewer' } });
  expect(write.statusCode).toBe(403);
  expect(write.json().code).toBe('token_read_only');
});
