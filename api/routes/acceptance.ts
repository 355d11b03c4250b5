import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { getAccount } from '../../db/repositories/accounts.repository';
import { getCampaign, listCampaignSchools } from '../../db/repositories/campaigns.repository';
import { allow } from '../../domain/access';
import { scoringRulesSchema, signOffState, stageResult, type ScoringRules, type Sheet } from '../../domain/scoring';
import { acceptanceFinals } from '../../db/repositories/acceptance.repository';
import { phaseOfKind } from '../../db/repositories/seed-selection.repository';
import type { CampaignTemplate } from '../../domain/templates';
import { actorOf, auditBy } from '../actor';
import { AppError, invalidField } from '../errors';
import { campaignParams } from '../schemas';

const stageParams = z.object({ campaignId: z.string().uuid(), stageKey: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/) });
const sheetParams = stageParams.extend({ schoolId: z.string().uuid() });
const panelBody = z.object({ members: z.array(z.object({ reviewerId: z.string().uuid(), role: z.enum(['chair', 'member']) })).min(1).max(50) });
const sheetBody = z.object({ scores: z.record(z.string(), z.number().min(0)), comment: z.string().trim().max(4000).optional(), submit: z.boolean().default(false).describe('true: submit and lock the sheet') });
const reopenBody = z.object({ reviewerId: z.string().uuid(), reason: z.string().trim().min(1).max(2000) });
const signBody = z.object({ dissent: z.string().trim().min(1).max(4000).optional().describe('签字并附不同意见 (a written dissent)') });

/** Acceptance (成果验收): panels per stage, score sheets, results with their explanations, sign-off. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;

  async function context(campaignId: string, stageKey: string) {
    const template = (await getCampaign(pool, campaignId))!.template as CampaignTemplate;
    const rules: ScoringRules = template.scoring ?? scoringRulesSchema.parse({});
    const stage = rules.stages.find((s) => s.key === stageKey);
    if (!stage) throw invalidField('params.stageKey', `没有验收环节 ${stageKey}；可选：${rules.stages.map((s) => s.key).join('、')}`, `no such stage; one of ${rules.stages.map((s) => s.key).join(', ')}`);
    return { template, rules, stage };
  }
  // The panel with its members' names (a reviewer may see who sits beside them, not their accounts).
  const panelOf = async (campaignId: string, stageKey: string) =>
    (
      await pool.query<{ reviewer_id: string; role: 'chair' | 'member'; display_name: string }>(
        'select pm.reviewer_id, pm.role, a.display_name from panel_members pm join accounts a on a.id = pm.reviewer_id where pm.campaign_id = $1 and pm.stage_key = $2 order by pm.role, a.display_name',
        [campaignId, stageKey],
      )
    ).rows;

  app.put('/campaigns/:campaignId/panels/:stageKey', { schema: { tags: ['acceptance'], summary: "Form a stage's panel (验收组): reviewers with one chair", params: stageParams, body: panelBody }, config: { access: allow('bureau_admin') } }, async (req) => {
    const actor = actorOf(req);
    const { campaignId, stageKey } = req.params;
    await context(campaignId, stageKey);
    if (req.body.members.filter((m) => m.role === 'chair').length !== 1) throw invalidField('body.members', '验收组须有且仅有一名组长', 'a panel needs exactly one chair');
    for (const [i, m] of req.body.members.entries()) {
      const a = await getAccount(pool, m.reviewerId);
      if (!a || a.bureau_id !== actor.bureauId || a.role !== 'reviewer') throw invalidField(`body.members.${i}.reviewerId`, '不是本局的评审专家账号', 'not a reviewer of this bureau');
    }
    await withTransaction(pool, async (tx) => {
      await tx.query('delete from panel_members where campaign_id = $1 and stage_key = $2', [campaignId, stageKey]);
      for (const m of req.body.members) await tx.query('insert into panel_members (campaign_id, stage_key, reviewer_id, bureau_id, role) values ($1, $2, $3, $4, $5)', [campaignId, stageKey, m.reviewerId, actor.bureauId, m.role]);
      await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId, ...auditBy(req), action: 'panel.formed', subject: `stage:${stageKey}`, after: req.body.members, idempotencyKey: `panel:${campaignId}:${stageKey}:${randomUUID()}` });
    });
    return panelOf(campaignId, stageKey);
  });

  app.put('/campaigns/:campaignId/stages/:stageKey/sheets/:schoolId', { schema: { tags: ['acceptance'], summary: 'Save or submit your score sheet for an assigned school; a submitted sheet is locked', params: sheetParams, body: sheetBody }, config: { access: allow('reviewer') } }, async (req) => {
    const actor = actorOf(req);
    const { campaignId, stageKey, schoolId } = req.params;
    const { template } = await context(campaignId, stageKey);
    if (!(await panelOf(campaignId, stageKey)).some((m) => m.reviewer_id === actor.accountId)) throw new AppError(403, 'not_on_panel', { zh: '您不是该验收环节的验收组成员', en: 'You are not on this stage’s panel' });
    for (const i of template.indicators) {
      const v = req.body.scores[i.key];
      if (req.body.submit && v === undefined) throw invalidField(`body.scores.${i.key}`, `请为「${i.name.zh}」打分`, `score "${i.name.en}"`);
      if (v !== undefined && (v > i.maxScore || Math.round(v * 100) !== v * 100)) throw invalidField(`body.scores.${i.key}`, `分值须在 0–${i.maxScore} 之间，最多两位小数`, `between 0 and ${i.maxScore}, at most two decimals`);
    }
    for (const k of Object.keys(req.body.scores)) if (!template.indicators.some((i) => i.key === k)) throw invalidField(`body.scores.${k}`, '模板中没有该指标', 'no such indicator in the template');
    const saved = await withTransaction(pool, async (tx) => {
      const { rows: existing } = await tx.query<{ status: string }>('select status from score_sheets where campaign_id = $1 and stage_key = $2 and school_id = $3 and reviewer_id = $4 for update', [campaignId, stageKey, schoolId, actor.accountId]);
      if (existing[0]?.status === 'submitted') throw new AppError(409, 'sheet_locked', { zh: '评分表已提交并锁定，如需修改请验收组长退回', en: 'The sheet is submitted and locked; only the chair can reopen it' });
      const { rows } = await tx.query(
        `insert into score_sheets (campaign_id, stage_key, school_id, reviewer_id, bureau_id, scores, comment, status, submitted_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (campaign_id, stage_key, school_id, reviewer_id) do update set scores = excluded.scores, comment = excluded.comment, status = excluded.status, submitted_at = excluded.submitted_at, updated_at = now()
         returning id, status, scores, comment, submitted_at as "submittedAt"`,
        [campaignId, stageKey, schoolId, actor.accountId, actor.bureauId, JSON.stringify(req.body.scores), req.body.comment ?? null, req.body.submit ? 'submitted' : 'draft', req.body.submit ? new Date() : null],
      );
      if (req.body.submit) await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId, ...auditBy(req), action: 'sheet.submitted', subject: `sheet:${stageKey}:${schoolId}`, after: { scores: req.body.scores, comment: req.body.comment ?? null }, idempotencyKey: `sheet:${rows[0].id}:submitted:${randomUUID()}` });
      return rows[0];
    });
    return saved;
  });

  app.get('/campaigns/:campaignId/stages/:stageKey/sheets', { schema: { tags: ['acceptance'], summary: "A stage's score sheets: a reviewer's own (drafts too), or every one for the bureau", params: stageParams }, config: { access: allow('bureau_admin', 'reviewer') } }, async (req) => {
    const actor = actorOf(req);
    const { campaignId, stageKey } = req.params;
    await context(campaignId, stageKey);
    const { rows } = await pool.query(
      `select school_id as "schoolId", reviewer_id as "reviewerId", status, scores, comment, submitted_at as "submittedAt", updated_at as "updatedAt", reopened
         from score_sheets where campaign_id = $1 and stage_key = $2 and ($3::uuid is null or reviewer_id = $3) order by school_id, reviewer_id`,
      [campaignId, stageKey, actor.role === 'reviewer' ? actor.accountId : null],
    );
    return rows;
  });

  app.post('/campaigns/:campaignId/stages/:stageKey/sheets/:schoolId/reopen', { schema: { tags: ['acceptance'], summary: "The panel chair reopens a reviewer's submitted sheet, with a reason", params: sheetParams, body: reopenBody }, config: { access: allow('reviewer') } }, async (req) => {
    const actor = actorOf(req);
    const { campaignId, stageKey, schoolId } = req.params;
    await context(campaignId, stageKey);
    if (!(await panelOf(campaignId, stageKey)).some((m) => m.reviewer_id === actor.accountId && m.role === 'chair')) throw new AppError(403, 'not_chair', { zh: '只有验收组长可以退回评分表', en: 'Only the panel chair can reopen a sheet' });
    const reopened = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(`update score_sheets set status = 'draft', submitted_at = null, reopened = reopened + 1, updated_at = now() where campaign_id = $1 and stage_key = $2 and school_id = $3 and reviewer_id = $4 and status = 'submitted' returning id`, [campaignId, stageKey, schoolId, req.body.reviewerId]);
      if (!rows[0]) throw new AppError(409, 'sheet_not_submitted', { zh: '该评分表未提交，无需退回', en: 'That sheet is not submitted' });
      await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId, ...auditBy(req), action: 'sheet.reopened', subject: `sheet:${stageKey}:${schoolId}`, before: { status: 'submitted' }, after: { status: 'draft', reviewerId: req.body.reviewerId }, reason: req.body.reason, idempotencyKey: `sheet:${rows[0].id}:reopened:${randomUUID()}` });
      return rows[0];
    });
    return { id: reopened.id, status: 'draft' };
  });

  app.get('/campaigns/:campaignId/stages/:stageKey/results', { schema: { tags: ['acceptance'], summary: "A stage's results per school, explained, with divergent reviewers and sign-offs", params: stageParams }, config: { access: allow('bureau_admin', 'department_staff', 'reviewer') } }, async (req) => {
    const { campaignId, stageKey } = req.params;
    const { template, rules } = await context(campaignId, stageKey);
    const keys = template.indicators.map((i) => i.key);
    const [schools, panel] = await Promise.all([listCampaignSchools(pool, campaignId), panelOf(campaignId, stageKey)]);
    const { rows: sheets } = await pool.query<{ school_id: string; reviewer_id: string; scores: Record<string, number>; status: string }>('select school_id, reviewer_id, scores, status from score_sheets where campaign_id = $1 and stage_key = $2', [campaignId, stageKey]);
    const { rows: signed } = await pool.query<{ reviewer_id: string; dissent: string | null; signed_at: Date }>('select reviewer_id, dissent, signed_at from signoffs where campaign_id = $1 and stage_key = $2', [campaignId, stageKey]);
    const results = schools
      .map((s) => {
        const mine = sheets.filter((x) => x.school_id === s.id);
        if (mine.length === 0) return null;
        const submitted: Sheet[] = mine.filter((x) => x.status === 'submitted').map((x) => ({ reviewerId: x.reviewer_id, scores: x.scores }));
        const complete = submitted.length === mine.length && submitted.length >= rules.minPanel;
        return { schoolId: s.id, name: s.name, sheets: mine.length, submitted: submitted.length, minPanel: rules.minPanel, complete, result: complete ? stageResult(stageKey, submitted, keys, rules) : null };
      })
      .filter((r) => r !== null);
    const phase = await phaseOfKind(pool, campaignId, 'acceptance');
    const state = signOffState(panel.map((m) => m.reviewer_id), signed.map((x) => x.reviewer_id), rules, !!phase && phase.deadline_at.getTime() <= Date.now());
    return {
      stage: stageKey,
      panel,
      signoffs: signed.map((x) => ({ reviewerId: x.reviewer_id, dissent: x.dissent, signedAt: x.signed_at.toISOString() })),
      allSigned: panel.length > 0 && state.missing.length === 0,
      closed: state.closed,
      closedByQuorum: state.byQuorum,
      missingSignatures: state.missing,
      results,
    };
  });

  app.post('/campaigns/:campaignId/stages/:stageKey/signoff', { schema: { tags: ['acceptance'], summary: 'Sign the stage result (签字确认), or sign with a written dissent', params: stageParams, body: signBody }, config: { access: allow('reviewer') } }, async (req, reply) => {
    const actor = actorOf(req);
    const { campaignId, stageKey } = req.params;
    const { rules } = await context(campaignId, stageKey);
    if (!(await panelOf(campaignId, stageKey)).some((m) => m.reviewer_id === actor.accountId)) throw new AppError(403, 'not_on_panel', { zh: '您不是该验收环节的验收组成员', en: 'You are not on this stage’s panel' });
    const { rows: open } = await pool.query<{ n: string }>(`select count(*)::text as n from score_sheets where campaign_id = $1 and stage_key = $2 and status = 'draft'`, [campaignId, stageKey]);
    if (Number(open[0]!.n) > 0) throw new AppError(409, 'sheets_pending', { zh: `还有 ${open[0]!.n} 份评分表未提交，提交完毕后方可签字`, en: `${open[0]!.n} sheet(s) are not submitted yet` });
    // Every scored school needs at least the template's minimum panel.
    const { rows: thin } = await pool.query<{ name: string; n: number }>(
      `select s.name, count(*)::int as n from score_sheets ss join schools s on s.id = ss.school_id
        where ss.campaign_id = $1 and ss.stage_key = $2 group by s.name having count(*) < $3`,
      [campaignId, stageKey, rules.minPanel],
    );
    if (thin.length > 0) {
      throw new AppError(409, 'panel_too_small', { zh: `${thin.map((x) => `${x.name}（${x.n} 份）`).join('、')}的评分少于验收组最少 ${rules.minPanel} 人`, en: `${thin.length} school(s) have fewer than ${rules.minPanel} reviewers' sheets` });
    }
    await withTransaction(pool, async (tx) => {
      const { rowCount } = await tx.query('insert into signoffs (campaign_id, stage_key, reviewer_id, bureau_id, dissent) values ($1, $2, $3, $4, $5) on conflict do nothing', [campaignId, stageKey, actor.accountId, actor.bureauId, req.body.dissent ?? null]);
      if (!rowCount) throw new AppError(409, 'already_signed', { zh: '您已签字确认', en: 'You have already signed' });
      await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId, ...auditBy(req), action: req.body.dissent ? 'stage.signed_with_dissent' : 'stage.signed', subject: `stage:${stageKey}`, reason: req.body.dissent ?? null, idempotencyKey: `signoff:${campaignId}:${stageKey}:${actor.accountId}` });
    });
    return reply.code(201).send({ signed: true, dissent: req.body.dissent ?? null });
  });

  app.get('/campaigns/:campaignId/acceptance', { schema: { tags: ['acceptance'], summary: 'Final acceptance scores: the stages weighted, each explained, with the improvement per indicator (a school: its own, once publicised)', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff', 'school') } }, async (req) => {
    const actor = actorOf(req);
    if (actor.role !== 'school') return acceptanceFinals(pool, req.params.campaignId);
    // A school reads its own scores once they are publicised (成绩公示), never a draft of them.
    const { rowCount } = await pool.query(`select 1 from published_lists where campaign_id = $1 and list_key = 'acceptance_scores'`, [req.params.campaignId]);
    if (!rowCount) throw new AppError(409, 'scores_not_published', { zh: '验收成绩尚未公示，公示后可查看本校成绩', en: 'The acceptance scores are not publicised yet; your school sees its own once they are' });
    return (await acceptanceFinals(pool, req.params.campaignId)).filter((f) => f.schoolId === actor.schoolId);
  });
};

export default routes;
