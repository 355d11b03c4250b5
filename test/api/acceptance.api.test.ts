import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { createActivities } from '../../activities';
import type { Pool } from 'pg';
import { createAccounts } from '../../auth/accounts';
import { buildApp } from '../../api/app';
import { withTransaction } from '../../db/pool';
import { replaceAssignments } from '../../db/repositories/reviewers.repository';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { createTenant, sessionFor, type Tenant } from '../helpers/tenant';

const keys = ['resources', 'teachers', 'student_development', 'teaching_quality', 'campus_culture', 'management', 'education_mechanism', 'social_recognition'];
const uniform = (score: number) => Object.fromEntries(keys.map((k) => [k, score]));

let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let t: Tenant;
let campaignId: string;
const reviewers: { id: string; token: string }[] = [];

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  pool = testPool();
  app = await buildApp({ pool, temporal: env.client, taskQueue: 'acceptance-api' });
  t = await createTenant(pool);
  ({ campaignId } = await insertTestCampaign(pool, t.bureauId, phasesLasting(30)));
  const made = await withTransaction(pool, (tx) => createAccounts(tx, t.bureauId, [1, 2, 3, 4, 5].map((i) => ({ username: `panel${i}-${t.bureauId.slice(0, 8)}`, displayName: `专家${i}`, role: 'reviewer' as const })), { actor: 'test' }));
  for (const m of made) {
    reviewers.push({ id: m.account.id, token: await sessionFor(pool, m.account.id) });
    await replaceAssignments(pool, { campaignId, bureauId: t.bureauId, reviewerId: m.account.id, schoolIds: [t.schools[4]!.id, t.schools[5]!.id] });
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const sheet = (r: number, school: number, body: Record<string, unknown>) =>
  app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/stages/report/sheets/${t.schools[school]!.id}`, headers: as(reviewers[r]!.token), payload: body });

it('runs a stage: panel, sheets with bounds and locking, a chair reopening, results explained, sign-off with a dissent', async () => {
  const panel = await app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/panels/report`, headers: t.auth('admin'), payload: { members: reviewers.map((r, i) => ({ reviewerId: r.id, role: i === 0 ? 'chair' : 'member' })) } });
  expect(panel.statusCode).toBe(200);
  // A member reads who sits on the panel, by name, the chair first.
  const seen = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/stages/report/results`, headers: as(reviewers[3]!.token) })).json();
  expect(seen.panel.map((m: { role: string; display_name: string }) => [m.role, m.display_name])).toEqual([['chair', '专家1'], ['member', '专家2'], ['member', '专家3'], ['member', '专家4'], ['member', '专家5']]);

  const outOfBounds = await sheet(0, 4, { scores: { ...uniform(80), resources: 120 }, submit: true });
  expect(outOfBounds.json().errors[0].field).toBe('body.scores.resources');
  // Hand-computed: per indicator, drop 95 and 70, mean of 80, 85, 90 = 85; the stage 8 × 85 = 680.
  const given = [80, 85, 90, 95, 70];
  for (const [r, score] of given.entries()) expect((await sheet(r, 4, { scores: uniform(score), submit: true })).json().status).toBe('submitted');
  const locked = await sheet(1, 4, { scores: uniform(86), submit: true });
  expect([locked.statusCode, locked.json().code]).toEqual([409, 'sheet_locked']);
  const notChair = await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/stages/report/sheets/${t.schools[4]!.id}/reopen`, headers: as(reviewers[1]!.token), payload: { reviewerId: reviewers[1]!.id, reason: '笔误' } });
  expect(notChair.json().code).toBe('not_chair');
  const reopened = await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/stages/report/sheets/${t.schools[4]!.id}/reopen`, headers: as(reviewers[0]!.token), payload: { reviewerId: reviewers[1]!.id, reason: '第二位专家笔误，退回修改' } });
  expect(reopened.json().status).toBe('draft');
  expect((await sheet(1, 4, { scores: uniform(85), submit: true })).json().status).toBe('submitted');

  // School 5 has a draft: nobody signs yet.
  await sheet(0, 5, { scores: uniform(88) });
  // A reviewer gets back their own sheets, the draft too; the bureau sees every one.
  const mine = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/stages/report/sheets`, headers: as(reviewers[0]!.token) })).json();
  expect(mine.map((x: { schoolId: string; status: string }) => [x.schoolId, x.status]).sort()).toEqual([[t.schools[4]!.id, 'submitted'], [t.schools[5]!.id, 'draft']].sort());
  expect(mine.every((x: { reviewerId: string }) => x.reviewerId === reviewers[0]!.id)).toBe(true);
  expect((await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/stages/report/sheets`, headers: t.auth('admin') })).json()).toHaveLength(6);
  const early = await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/stages/report/signoff`, headers: as(reviewers[0]!.token), payload: {} });
  expect([early.statusCode, early.json().code]).toEqual([409, 'sheets_pending']);
  for (const r of [0, 1, 2, 3, 4]) await sheet(r, 5, { scores: uniform(88), submit: true });

  const results = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/stages/report/results`, headers: t.auth('admin') })).json();
  const four = results.results.find((x: { schoolId: string }) => x.schoolId === t.schools[4]!.id);
  expect(four.result.total).toBe(680);
  expect(four.result.indicators.teachers.explanation.zh).toBe('去掉一个最高分 95 和一个最低分 70，其余 3 个评分平均 85');
  expect(four.result.divergent.map((d: { reviewerId: string }) => d.reviewerId)).toContain(reviewers[4]!.id);

  for (const r of [0, 1, 2, 3]) expect((await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/stages/report/signoff`, headers: as(reviewers[r]!.token), payload: {} })).statusCode).toBe(201);
  const dissent = await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/stages/report/signoff`, headers: as(reviewers[4]!.token), payload: { dissent: '我认为第四校课程建设评分偏高' } });
  expect(dissent.statusCode).toBe(201);
  const signed = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/stages/report/results`, headers: t.auth('admin') })).json();
  expect(signed.allSigned).toBe(true);
  expect(signed.signoffs.find((s: { reviewerId: string }) => s.reviewerId === reviewers[4]!.id).dissent).toBe('我认为第四校课程建设评分偏高');
  const trail = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/audit`, headers: t.auth('admin') })).json().map((e: { action: string }) => e.action);
  expect(trail).toEqual(expect.arrayContaining(['panel.formed', 'sheet.submitted', 'sheet.reopened', 'stage.signed', 'stage.signed_with_dissent']));
});

it('refuses a reviewer who is not on the panel, and one recused from the school', async () => {
  await replaceAssignments(pool, { campaignId, bureauId: t.bureauId, reviewerId: t.accounts.reviewer.id, schoolIds: [t.schools[4]!.id] });
  const off = await app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/stages/report/sheets/${t.schools[4]!.id}`, headers: t.auth('reviewer'), payload: { scores: uniform(80) } });
  expect(off.json().code).toBe('not_on_panel');
  // The tenant's reviewer works at school 1.
  const own = await app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/stages/report/sheets/${t.schools[1]!.id}`, headers: t.auth('reviewer'), payload: { scores: uniform(80) } });
  expect([own.statusCode, own.json().code]).toEqual([403, 'recused']);
});

it('weights the stages into a final score and gives the improvement against the baseline', async () => {
  await app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/panels/onsite`, headers: t.auth('admin'), payload: { members: reviewers.map((r, i) => ({ reviewerId: r.id, role: i === 0 ? 'chair' : 'member' })) } });
  for (const r of [0, 1, 2, 3, 4]) {
    const res = await app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/stages/onsite/sheets/${t.schools[4]!.id}`, headers: as(reviewers[r]!.token), payload: { scores: uniform(90), submit: true } });
    expect(res.statusCode).toBe(200);
  }
  const baseline = await app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/baselines/${t.schools[4]!.id}`, headers: t.auth('admin'), payload: { ratings: Object.fromEntries(keys.map((k) => [k, 'fair'])), scores: { teachers: 70, campus_culture: 92.5 } } });
  expect(baseline.statusCode).toBe(200);
  const finals = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/acceptance`, headers: t.auth('admin') })).json();
  const four = finals.find((f: { schoolId: string }) => f.schoolId === t.schools[4]!.id);
  // 0.4 × 680 + 0.6 × 720 = 704; teachers 0.4 × 85 + 0.6 × 90 − 70 = 18; campus culture 88 − 92.5 = −4.5.
  expect(four).toMatchObject({ final: 704, stages: [{ stage: 'report', total: 680 }, { stage: 'onsite', total: 720 }], improvement: { teachers: 18, campus_culture: -4.5 } });
  expect(four.explanation.zh).toBe('提升汇报 680 × 40% + 现场查验 720 × 60% = 704');
  expect(finals.some((f: { schoolId: string }) => f.schoolId === t.schools[5]!.id)).toBe(false); // its on-site stage is not scored
  const results = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/stages/onsite/results`, headers: t.auth('admin') })).json();
  expect(results).toMatchObject({ allSigned: false, closed: false, missingSignatures: expect.arrayContaining([reviewers[0]!.id]) });
});

it('publicises the final scores (成绩公示) when the score-publicity phase opens, hashed into the chain', async () => {
  // Before the scores are publicised a school reads none of them.
  const early = await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/acceptance`, headers: t.auth('school') });
  expect([early.statusCode, early.json().code]).toEqual([409, 'scores_not_published']);
  const acts = createActivities({ pool, logger: pino({ level: 'silent' }) });
  const env2 = new MockActivityEnvironment();
  await env2.run(() => acts.openPhase({ campaignId, bureauId: t.bureauId, workflowId: `campaign-${campaignId}`, phaseKey: 'score_publicity', seq: 5, kind: 'publicity', duration: { amount: 7, unit: 'calendar_days' }, openedAt: new Date().toISOString() }));
  const windows = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/publicity`, headers: t.auth('admin') })).json();
  const scores = windows.find((w: { phaseKey: string }) => w.phaseKey === 'score_publicity');
  expect(scores.published.listKey).toBe('acceptance_scores');
  expect(scores.published.items).toEqual([expect.objectContaining({ schoolId: t.schools[4]!.id, basis: '最终得分 704：提升汇报 680 × 40% + 现场查验 720 × 60% = 704' })]);
  const notice = await app.inject({ method: 'GET', url: `/notices/${scores.id}/print` });
  expect(notice.body).toContain('验收成绩公示');
  expect(notice.body).toContain('最终得分 704');
  const trail = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/audit`, headers: t.auth('admin') })).json();
  expect(trail.find((e: { action: string; contentHash: string }) => e.action === 'list.published' && e.contentHash === scores.published.contentHash)).toBeDefined();
  // Then the scored school reads its own final score, explained, and nobody else's.
  const [scored] = await withTransaction(pool, (tx) => createAccounts(tx, t.bureauId, [{ username: `school4-${campaignId.slice(0, 8)}`, displayName: '第四校', role: 'school', schoolId: t.schools[4]!.id }], { actor: 'test' }));
  const own = (await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/acceptance`, headers: { authorization: `Bearer ${await sessionFor(pool, scored!.account.id)}` } })).json();
  expect(own).toEqual([expect.objectContaining({ schoolId: t.schools[4]!.id, final: 704 })]);
  expect((await app.inject({ method: 'GET', url: `/campaigns/${campaignId}/acceptance`, headers: t.auth('school') })).json()).toEqual([]);
});

it('refuses sign-off while a scored school has fewer sheets than the minimum panel', async () => {
  // School 6: only two reviewers scored it in the on-site stage.
  await replaceAssignments(pool, { campaignId, bureauId: t.bureauId, reviewerId: reviewers[0]!.id, schoolIds: [t.schools[4]!.id, t.schools[5]!.id, t.schools[6]!.id] });
  await replaceAssignments(pool, { campaignId, bureauId: t.bureauId, reviewerId: reviewers[1]!.id, schoolIds: [t.schools[4]!.id, t.schools[5]!.id, t.schools[6]!.id] });
  for (const r of [0, 1]) {
    await app.inject({ method: 'PUT', url: `/campaigns/${campaignId}/stages/onsite/sheets/${t.schools[6]!.id}`, headers: as(reviewers[r]!.token), payload: { scores: uniform(75), submit: true } });
  }
  const thin = await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/stages/onsite/signoff`, headers: as(reviewers[2]!.token), payload: {} });
  expect([thin.statusCode, thin.json().code]).toEqual([409, 'panel_too_small']);
  expect(thin.json().titleZh).toContain('少于验收组最少 5 人');
});

it('gives no honours to a school a missed target holds to account this year', async () => {
  const planId = (await pool.query<{ id: string }>(`insert into target_plans (bureau_id, name, targets) values ($1, '达标计划', '[]') returning id`, [t.bureauId])).rows[0]!.id;
  await pool.query(
    `insert into accountability_entries (bureau_id, plan_id, target_key, year, school_id, consequence, reason) values ($1, $2, 'y1', extract(year from now() at time zone 'Asia/Shanghai')::int, $3, 'no_honours', $4)`,
    [t.bureauId, planId, t.schools[4]!.id, JSON.stringify({ zh: '目标未达成', en: 'target missed' })],
  );
  const proposal = (await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/awards/proposal`, headers: t.auth('admin') })).json();
  const four = proposal.schools.find((s: { schoolId: string }) => s.schoolId === t.schools[4]!.id);
  expect(four).toMatchObject({ category: null, vetoed: true, proposed: { explanation: { zh: '本年度不得评先评优：目标未达成' } } });
});
