import { demoSchools } from '../../demo/yueqing';
import { devServerStack } from '../helpers/temporal';
import { until } from '../helpers/until';
import type { Tenant } from '../helpers/tenant';

/**
 * From the final seed list to publicised acceptance scores through the API on the real stack: the
 * panel's evaluations, the mentor list approved, baselines, a pairing proposed, edited and
 * approved with recusal following it, then acceptance in two stages and the score publicity.
 */
const taskQueue = `mentors-pairing-${process.pid}`;
let base: string;
let t: Tenant;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ base, t, stop } = await devServerStack(taskQueue));
}, 120_000);

afterAll(async () => {
  await stop?.();
});

async function http(method: string, url: string, body?: unknown, token = t.tokens.admin): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* HTML */
  }
  return { status: res.status, json, text };
}


it('evaluates mentors, pairs, accepts with a panel and publicises the final scores, phase by phase', async () => {
  const keys = ['resources', 'teachers', 'student_development', 'teaching_quality', 'campus_culture', 'management', 'education_mechanism', 'social_recognition'];
  const all = (r: string) => Object.fromEntries(keys.map((k) => [k, r]));
  const school = (i: number) => t.schools[i]!;
  const created = await http('POST', `/bureaus/${t.bureauId}/campaigns`, { name: '结对测试活动', templateKey: 'changle-2020-demonstration', schools: demoSchools });
  const id: string = created.json.id;
  await http('POST', `/campaigns/${id}/start`);
  const status = async (key: string) => (await http('GET', `/campaigns/${id}`)).json.workflow?.progress.phases.find((p: { key: string }) => p.key === key)?.status;
  const finish = async (key: string, body: unknown = {}) => {
    await until(`${key} open`, async () => (await status(key)) === 'open');
    await http('POST', `/campaigns/${id}/phases/${key}/deadline`, { deadline: new Date(Date.now() + 1200).toISOString(), reason: '测试' });
    await until(`${key} closed`, async () => (await status(key)) === 'awaiting_approval');
    return http('POST', `/campaigns/${id}/phases/${key}/approve`, body);
  };

  // Seed schools 1–5 (the tenant's reviewer works at school 1).
  await until('seed selection open', async () => (await status('seed_selection')) === 'open');
  for (const i of [1, 2, 3, 4, 5]) await http('POST', `/campaigns/${id}/nominations`, { schoolId: school(i).id, indicators: ['teachers'], reasons: '办学优秀' }, t.tokens.staff);
  expect((await finish('seed_selection')).status).toBe(200);
  expect((await finish('seed_publicity')).status).toBe(200);

  // The panel: schools 1–4 excellent everywhere with practices on two indicators; school 5 not.
  await until('mentor selection open', async () => (await status('mentor_selection')) === 'open');
  const notSeed = await http('PUT', `/campaigns/${id}/evaluations/${school(0).id}`, { ratings: all('excellent'), practices: [] });
  expect(notSeed.json.errors[0].field).toBe('params.schoolId');
  const practicesFor = (i: number) => [
    { indicatorKey: i % 2 ? 'teaching_quality' : 'teachers', title: `经验${i}-A`, summary: '做法概述' },
    { indicatorKey: 'campus_culture', title: `经验${i}-B`, summary: '做法概述', file: { filename: '材料.pdf', contentType: 'application/pdf', dataBase64: Buffer.from('%PDF').toString('base64') } },
  ];
  for (const i of [1, 2, 3, 4]) {
    const v = await http('PUT', `/campaigns/${id}/evaluations/${school(i).id}`, { ratings: all('excellent'), practices: practicesFor(i) }, t.tokens.staff);
    expect(v.json.verdict.mentor).toBe(true);
  }
  const early = await finish('mentor_selection');
  expect([early.status, early.json.code]).toEqual([409, 'evaluations_pending']);
  const five = await http('PUT', `/campaigns/${id}/evaluations/${school(5).id}`, { ratings: { ...all('excellent'), management: 'good' }, practices: practicesFor(5) });
  expect(five.json.verdict).toMatchObject({ mentor: false, explanation: { zh: expect.stringContaining('7/8 项优秀（需 8 项）') } });
  expect((await http('POST', `/campaigns/${id}/phases/mentor_selection/approve`, {})).status).toBe(200);
  const collection = await http('GET', `/campaigns/${id}/practices/collection`, undefined, t.tokens.school);
  expect(collection.text).toContain('经验1-A');
  expect(collection.text).not.toContain('经验5-A'); // school 5 is not a mentor
  // The recorded practices come back with the evaluations (so a re-evaluation starts from them),
  // and the published mentor list names the four mentors, not school 5.
  const evaluations = (await http('GET', `/campaigns/${id}/evaluations`, undefined)).json;
  expect(evaluations.find((e: { schoolId: string }) => e.schoolId === school(1).id).practices.map((p: { title: string }) => p.title).sort()).toEqual(['经验1-A', '经验1-B']);
  const mentorList = (await http('GET', `/campaigns/${id}/mentor-list`, undefined, t.tokens.school)).json;
  expect(mentorList.items.map((m: { schoolId: string }) => m.schoolId).sort()).toEqual([1, 2, 3, 4].map((i) => school(i).id).sort());

  // Baselines, then the proposal: 11 potential schools (0, 6–15) over 4 mentors.
  expect((await http('GET', `/campaigns/${id}/baselines/${school(0).id}`, undefined, t.tokens.school)).json).toMatchObject({ recorded: false });
  await http('PUT', `/campaigns/${id}/baselines/${school(0).id}`, { ratings: { ...all('good'), teaching_quality: 'weak', campus_culture: 'fair' } }, t.tokens.school);
  expect((await http('GET', `/campaigns/${id}/baselines/${school(0).id}`, undefined, t.tokens.school)).json).toMatchObject({ recorded: true, ratings: { teaching_quality: 'weak', campus_culture: 'fair' } });
  const proposal = await http('POST', `/campaigns/${id}/pairing/proposals`, { forbids: [{ potentialId: school(0).id, mentorId: school(2).id }] });
  expect(proposal.status).toBe(201);
  expect(proposal.json.pairs).toHaveLength(11);
  expect(proposal.json.objective.zh).toContain('总代价最小');
  const mine = proposal.json.pairs.find((p: { potentialId: string }) => p.potentialId === school(0).id);
  expect(mine.mentorId).not.toBe(school(2).id); // forbidden
  expect(mine.covers).toEqual(expect.arrayContaining(['campus_culture']));
  expect(mine.explanation.zh).toMatch(/覆盖薄弱指标 .*校园文化/);

  // The bureau moves school 0 to mentor 1; a move past capacity is refused with the reason.
  const edited = await http('POST', `/campaigns/${id}/pairing/edits`, { basedOn: proposal.json.version, moves: [{ potentialId: school(0).id, mentorId: school(1).id }], reason: '就近结对' });
  expect(edited.status).toBe(201);
  const crowd = [6, 7, 8, 9, 10].map((i) => ({ potentialId: school(i).id, mentorId: school(3).id }));
  const over = await http('POST', `/campaigns/${id}/pairing/edits`, { basedOn: edited.json.version, moves: crowd, reason: '测试' });
  expect([over.status, over.json.titleZh]).toEqual([422, expect.stringContaining('超过上限 4 所')]);
  expect((await http('POST', `/campaigns/${id}/pairing/approve`, { version: edited.json.version })).json.approved).toBe(true);
  expect((await http('POST', `/campaigns/${id}/pairing/approve`, { version: proposal.json.version })).status).toBe(409);

  // The school sees its mentor; the reviewer (who works at school 1) is now recused from school 0.
  const seen = (await http('GET', `/campaigns/${id}/pairing`, undefined, t.tokens.school)).json;
  expect(seen.pairs).toEqual([expect.objectContaining({ potentialId: school(0).id, mentorId: school(1).id })]);
  const assign = await http('PUT', `/campaigns/${id}/reviewers/${t.accounts.reviewer.id}/schools`, { schoolIds: [school(0).id] });
  expect(assign.status).toBe(422);
  expect(assign.json.errors[0].message).toContain('结对');
  const trail = (await http('GET', `/campaigns/${id}/audit`)).json.map((e: { action: string }) => e.action);
  expect(trail).toEqual(expect.arrayContaining(['mentor.evaluated', 'list.finalised', 'baseline.recorded', 'pairing.proposed', 'pairing.edited', 'pairing.approved']));

  // Acceptance: five reviewers score two potential schools in both stages, sign, and the scores are publicised.
  expect((await finish('pairing')).status).toBe(200);
  await until('acceptance open', async () => (await status('acceptance')) === 'open');
  const panel: { id: string; token: string }[] = [];
  for (let i = 0; i < 5; i += 1) {
    const made = await http('POST', `/bureaus/${t.bureauId}/accounts`, { username: `judge${i}-${Date.now()}`, displayName: `验收专家${i}`, role: 'reviewer' });
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: made.json.username, password: made.json.initialPassword }) });
    panel.push({ id: made.json.id, token: ((await login.json()) as { token: string }).token });
    expect((await http('PUT', `/campaigns/${id}/reviewers/${made.json.id}/schools`, { schoolIds: [school(6).id, school(7).id] })).status).toBe(200);
  }
  for (const stage of ['report', 'onsite']) {
    expect((await http('PUT', `/campaigns/${id}/panels/${stage}`, { members: panel.map((p, i) => ({ reviewerId: p.id, role: i === 0 ? 'chair' : 'member' })) })).status).toBe(200);
    for (const [r, p] of panel.entries()) {
      for (const s of [6, 7]) {
        const base = stage === 'report' ? 80 : 85;
        expect((await http('PUT', `/campaigns/${id}/stages/${stage}/sheets/${school(s).id}`, { scores: Object.fromEntries(keys.map((k) => [k, base + r])), submit: true }, p.token)).status).toBe(200);
      }
    }
    for (const p of panel) expect((await http('POST', `/campaigns/${id}/stages/${stage}/signoff`, {}, p.token)).status).toBe(201);
  }
  // Report: drop 84 and 80, mean 82 × 8 = 656; on-site: mean 87 × 8 = 696; 0.4 × 656 + 0.6 × 696 = 680.
  const finals = (await http('GET', `/campaigns/${id}/acceptance`)).json;
  expect(finals.map((f: { schoolId: string; final: number }) => [f.schoolId, f.final]).sort()).toEqual([[school(6).id, 680], [school(7).id, 680]].sort());
  expect((await finish('acceptance')).status).toBe(200);
  await until('score publicity open', async () => (await status('score_publicity')) === 'open');
  const windows = (await http('GET', `/campaigns/${id}/publicity`)).json;
  const scores = windows.find((w: { phaseKey: string }) => w.phaseKey === 'score_publicity');
  expect(scores.published.items.map((it: { basis: string }) => it.basis)).toEqual(['最终得分 680：提升汇报 656 × 40% + 现场查验 696 × 60% = 680', '最终得分 680：提升汇报 656 × 40% + 现场查验 696 × 60% = 680']);
  expect((await finish('score_publicity')).status).toBe(200);
  const notice = (await http('GET', `/notices/${scores.id}`)).json;
  expect(notice.list).toMatchObject({ final: true, listKey: 'acceptance_scores' });
  await until('awards open', async () => (await status('awards')) === 'open');

  // Awards: the proposal explained, an override with a reason, approval, the Excel list.
  const proposal2 = (await http('POST', `/campaigns/${id}/awards/proposal`)).json.schools;
  const byId = Object.fromEntries(proposal2.map((o: { schoolId: string }) => [o.schoolId, o]));
  expect(byId[school(6).id]).toMatchObject({ role: 'potential', category: 'standard', proposed: { explanation: { zh: '达标校：指标达标比例 100% ≥ 87.5%' } } });
  expect(byId[school(1).id]).toMatchObject({ role: 'mentor', category: 'model' });
  expect(byId[school(8).id]).toMatchObject({ vetoed: true, proposed: { explanation: { zh: expect.stringContaining('一票否决') } } });
  expect((await http('GET', `/campaigns/${id}/awards`, undefined, t.tokens.school)).json.schools).toEqual([]); // not before approval
  const noReason = await http('POST', `/campaigns/${id}/awards/${school(8).id}/override`, { category: 'standard' });
  expect(noReason.json.errors[0].field).toBe('body.reason');
  const overridden = await http('POST', `/campaigns/${id}/awards/${school(8).id}/override`, { category: 'standard', reason: '该校因疫情停课，经局务会研究予以达标认定' });
  expect(overridden.json).toMatchObject({ category: 'standard', vetoed: false, overrideReason: expect.stringContaining('局务会') });
  expect((await http('POST', `/campaigns/${id}/awards/approve`)).status).toBe(201);
  expect((await http('POST', `/campaigns/${id}/awards/${school(9).id}/override`, { category: null, reason: 'x' })).json.code).toBe('awards_approved');
  const xlsx = await fetch(`${base}/campaigns/${id}/awards/export.xlsx`, { headers: { authorization: `Bearer ${t.tokens.admin}` } });
  expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  const pdf = await fetch(`${base}/campaigns/${id}/awards/notice.pdf`, { headers: { authorization: `Bearer ${t.tokens.admin}` } });
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.includes(Buffer.from('/FontFile3'))).toBe(true); // the Chinese font, embedded (subset)
  const ownAward = (await http('GET', `/campaigns/${id}/awards`, undefined, t.tokens.school)).json;
  expect(ownAward.schools.map((o: { schoolId: string }) => o.schoolId)).toEqual([school(0).id]);
}, 180_000);
