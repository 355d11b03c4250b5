import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let t: Tenant;
let campaignId: string;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  pool = testPool();
  app = await buildApp({ pool, temporal: env.client, taskQueue: 'reviewers' });
  t = await createTenant(pool);
  ({ campaignId } = await insertTestCampaign(pool, t.bureauId, phasesLasting(30)));
}, 60_000);
afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

const school = (i: number) => t.schools[i]!;
const assign = (schoolIds: string[]) =>
  app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/reviewers/${t.accounts.reviewer.id}/schools`, headers: t.auth('admin'), payload: { schoolIds } });
const viewAsReviewer = (i: number) => app.inject({ method: 'GET', url: `/campaigns/${campaignId}/schools/${school(i).id}`, headers: t.auth('reviewer') });

it('refuses to assign a reviewer to their own school, saying why, and changes nothing', async () => {
  // The tenant's reviewer works at school 1.
  const res = await assign([school(0).id, school(1).id]);
  expect(res.statusCode).toBe(422);
  expect(res.json().errors).toEqual([{ field: 'body.schoolIds.1', message: expect.stringContaining('不得评审本人所在学校') }]);
  const mine = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/assignments`, headers: t.auth('reviewer') }));
  expect(mine.statusCode).toBe(403); // still assigned nowhere in this campaign
});

it('lets a reviewer see assigned schools only, and refuses a recused one with the reason', async () => {
  expect((await assign([school(0).id, school(2).id, school(3).id])).statusCode).toBe(200);
  expect((await viewAsReviewer(0)).statusCode).toBe(200);
  const unassigned = await viewAsReviewer(4);
  expect([unassigned.statusCode, unassigned.json().code]).toEqual([403, 'not_assigned']);
  const own = await viewAsReviewer(1);
  expect([own.statusCode, own.json().code]).toEqual([403, 'recused']);

  // A conflict declared by the reviewer after assignment takes effect at once.
  const declared = await app.inject({ method: 'POST', url: `/accounts/${t.accounts.reviewer.id}/conflicts`, headers: t.auth('reviewer'), payload: { schoolId: school(3).id, reason: '子女在该校就读' } });
  expect(declared.statusCode).toBe(201);
  const recused = await viewAsReviewer(3);
  expect(recused.statusCode).toBe(403);
  expect(recused.json()).toMatchObject({ code: 'recused', recusal: 'declared_conflict' });
  expect(recused.json().titleZh).toContain('子女在该校就读');

  const listed = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/assignments`, headers: t.auth('reviewer') })).json();
  expect(listed.map((x: { schoolId: string; recused: { code: string } | null }) => [x.schoolId, x.recused?.code ?? null])).toEqual(
    expect.arrayContaining([[school(0).id, null], [school(3).id, 'declared_conflict']]),
  );
  // The campaign page shows a reviewer only their assigned schools, less those since recused.
  const campaign = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}`, headers: t.auth('reviewer') })).json();
  expect(campaign.schools.map((s: { id: string }) => s.id).sort()).toEqual([school(0).id, school(2).id].sort());
  // The assignment and the declaration are in the audit trail, with who did them.
  const trail = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/audit`, headers: t.auth('admin') })).json();
  expect(trail.find((e: { action: string }) => e.action === 'reviewer.assigned')).toMatchObject({ actorAccountId: t.accounts.admin.id });
});

it('lets a reviewer declare conflicts only for themselves', async () => {
  const res = await app.inject({ method: 'POST', url: `/accounts/${t.accounts.staff.id}/conflicts`, headers: t.auth('reviewer'), payload: { schoolId: school(5).id, reason: 'x' } });
  expect(res.statusCode).toBe(403);
});
