import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { awardFacts } from '../../db/repositories/award-facts.repository';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { getCampaign } from '../../db/repositories/campaigns.repository';
import { allow } from '../../domain/access';
import { computeAwards, defaultAwardRules } from '../../domain/awards';
import { contentHash } from '../../domain/content-hash';
import type { CampaignTemplate } from '../../domain/templates';
import { actorOf, auditBy } from '../actor';
import { XLSX_TYPE } from '../accounts-sheet';
import { awardNoticePdf } from '../award-notice';
import { AppError, invalidField } from '../errors';
import { campaignParams } from '../schemas';

const overrideParams = z.object({ campaignId: z.string().uuid(), schoolId: z.string().uuid() });
const overrideBody = z.object({ category: z.string().nullable().describe('A category key, or null for none'), vetoed: z.boolean().default(false), reason: z.string().trim().min(1).max(2000).describe('Required: why the proposal is overridden') });

interface OutcomeRow {
  school_id: string;
  name: string;
  district: string;
  role: string;
  metrics: Record<string, number>;
  proposed_category: string | null;
  proposed_vetoed: boolean;
  proposed_explanation: { zh: string; en: string };
  category: string | null;
  vetoed: boolean;
  override_reason: string | null;
}

/** Awards (表彰奖励): the engine's proposal explained, the bureau's overrides with reasons, approval, the Excel list. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;
  const admin = allow('bureau_admin');

  const outcomes = async (campaignId: string) =>
    (await pool.query<OutcomeRow>(
      `select o.school_id, s.name, s.district, o.role, o.metrics, o.proposed_category, o.proposed_vetoed, o.proposed_explanation, o.category, o.vetoed, o.override_reason
         from award_outcomes o join schools s on s.id = o.school_id where o.campaign_id = $1 order by s.district, s.code`,
      [campaignId],
    )).rows;
  const approval = async (campaignId: string) => (await pool.query<{ content_hash: string; approved_at: Date }>('select content_hash, approved_at from award_approvals where campaign_id = $1', [campaignId])).rows[0];
  const refuseIfApproved = async (campaignId: string) => {
    if (await approval(campaignId)) throw new AppError(409, 'awards_approved', { zh: '表彰名单已审批，不能再修改', en: 'The awards are already approved' });
  };
  const view = (o: OutcomeRow, names: Map<string, { zh: string; en: string }>) => ({
    schoolId: o.school_id, name: o.name, district: o.district, role: o.role, metrics: o.metrics,
    proposed: { category: o.proposed_category, vetoed: o.proposed_vetoed, explanation: o.proposed_explanation },
    category: o.category, categoryName: o.category ? names.get(o.category) ?? null : null, vetoed: o.vetoed, overrideReason: o.override_reason,
  });
  const categoryNames = async (campaignId: string) => new Map(((await getCampaign(pool, campaignId))!.template as CampaignTemplate).awards.categories.map((c) => [c.key, c.name]));

  app.get('/campaigns/:campaignId/awards', { schema: { tags: ['awards'], summary: 'The awards: each school’s category (or veto) and why; a school sees its own', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff', 'school') } }, async (req) => {
    const actor = actorOf(req);
    const names = await categoryNames(req.params.campaignId);
    const approved = await approval(req.params.campaignId);
    // A school sees its own result once the list is approved (published), not the draft.
    const rows = (await outcomes(req.params.campaignId)).filter((o) => actor.role !== 'school' || (approved && o.school_id === actor.schoolId));
    return { approved: !!approved, contentHash: approved?.content_hash ?? null, schools: rows.map((o) => view(o, names)) };
  });

  app.post('/campaigns/:campaignId/awards/proposal', { schema: { tags: ['awards'], summary: 'Compute the awards from the campaign’s record (overrides are kept)', params: campaignParams }, config: { access: admin } }, async (req) => {
    const { campaignId } = req.params;
    await refuseIfApproved(campaignId);
    const rules = ((await getCampaign(pool, campaignId))!.template as CampaignTemplate).awards ?? defaultAwardRules;
    const facts = await awardFacts(pool, campaignId);
    // A school held to account this year (a missed target of a multi-year plan) gets no honours.
    const { rows: held } = await pool.query<{ school_id: string; reason: { zh: string; en: string } }>(
      `select distinct on (school_id) school_id, reason from accountability_entries
        where bureau_id = $1 and year = extract(year from now() at time zone 'Asia/Shanghai')::int and school_id is not null
        order by school_id, created_at`,
      [actorOf(req).bureauId],
    );
    const computed = computeAwards(facts, rules).map((o) => {
      const h = held.find((x) => x.school_id === o.schoolId);
      return h ? { ...o, category: null, vetoed: true, explanation: { zh: `本年度不得评先评优：${h.reason.zh}`, en: `No honours this year: ${h.reason.en}` } } : o;
    });
    await withTransaction(pool, async (tx) => {
      for (const o of computed) {
        const f = facts.find((x) => x.schoolId === o.schoolId)!;
        await tx.query(
          `insert into award_outcomes (campaign_id, school_id, bureau_id, role, metrics, proposed_category, proposed_vetoed, proposed_explanation, category, vetoed)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $6, $7)
           on conflict (campaign_id, school_id) do update set role = excluded.role, metrics = excluded.metrics, proposed_category = excluded.proposed_category,
             proposed_vetoed = excluded.proposed_vetoed, proposed_explanation = excluded.proposed_explanation,
             category = case when award_outcomes.override_reason is null then excluded.category else award_outcomes.category end,
             vetoed = case when award_outcomes.override_reason is null then excluded.vetoed else award_outcomes.vetoed end`,
          [campaignId, o.schoolId, actorOf(req).bureauId, f.role, JSON.stringify(f.metrics), o.category, o.vetoed, JSON.stringify(o.explanation)],
        );
      }
      await recordAuditEvent(tx, { bureauId: actorOf(req).bureauId, campaignId, ...auditBy(req), action: 'awards.proposed', subject: `awards:${campaignId}`, after: { schools: computed.length, vetoed: computed.filter((o) => o.vetoed).length }, contentHash: contentHash(computed.map((o) => [o.schoolId, o.category, o.vetoed])), idempotencyKey: `awards:${campaignId}:proposed:${randomUUID()}` });
    });
    const names = await categoryNames(campaignId);
    return { schools: (await outcomes(campaignId)).map((o) => view(o, names)) };
  });

  app.post('/campaigns/:campaignId/awards/:schoolId/override', { schema: { tags: ['awards'], summary: "Override a school's category, with a written reason (audited)", params: overrideParams, body: overrideBody }, config: { access: admin } }, async (req) => {
    const { campaignId, schoolId } = req.params;
    await refuseIfApproved(campaignId);
    const names = await categoryNames(campaignId);
    if (req.body.category !== null && !names.has(req.body.category)) throw invalidField('body.category', `没有类别 ${req.body.category}；可选：${[...names.keys()].join('、')}`, `no such category; one of ${[...names.keys()].join(', ')}`);
    if (req.body.category !== null && req.body.vetoed) throw invalidField('body.vetoed', '获表彰的学校不能同时被否决', 'an awarded school cannot also be vetoed');
    await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ category: string | null; vetoed: boolean }>('select category, vetoed from award_outcomes where campaign_id = $1 and school_id = $2 for update', [campaignId, schoolId]);
      if (!rows[0]) throw new AppError(409, 'no_proposal', { zh: '请先生成表彰建议', en: 'Compute the proposal first' });
      await tx.query('update award_outcomes set category = $3, vetoed = $4, override_reason = $5, overridden_by = $6 where campaign_id = $1 and school_id = $2', [campaignId, schoolId, req.body.category, req.body.vetoed, req.body.reason, actorOf(req).accountId]);
      await recordAuditEvent(tx, { bureauId: actorOf(req).bureauId, campaignId, ...auditBy(req), action: 'awards.overridden', subject: `school:${schoolId}`, before: rows[0], after: { category: req.body.category, vetoed: req.body.vetoed }, reason: req.body.reason, idempotencyKey: `awards:${campaignId}:${schoolId}:override:${randomUUID()}` });
    });
    return view((await outcomes(campaignId)).find((o) => o.school_id === schoolId)!, names);
  });

  app.post('/campaigns/:campaignId/awards/approve', { schema: { tags: ['awards'], summary: 'Approve the award list; its hash goes into the audit chain', params: campaignParams }, config: { access: admin } }, async (req, reply) => {
    const { campaignId } = req.params;
    const rows = await outcomes(campaignId);
    if (rows.length === 0) throw new AppError(409, 'no_proposal', { zh: '请先生成表彰建议', en: 'Compute the proposal first' });
    const hash = contentHash(rows.map((o) => [o.school_id, o.category, o.vetoed, o.override_reason]));
    await withTransaction(pool, async (tx) => {
      const { rowCount } = await tx.query('insert into award_approvals (campaign_id, content_hash, approved_by) values ($1, $2, $3) on conflict do nothing', [campaignId, hash, actorOf(req).accountId]);
      if (!rowCount) throw new AppError(409, 'awards_approved', { zh: '表彰名单已审批', en: 'The awards are already approved' });
      await recordAuditEvent(tx, { bureauId: actorOf(req).bureauId, campaignId, ...auditBy(req), action: 'awards.approved', subject: `awards:${campaignId}`, after: { schools: rows.length }, contentHash: hash, idempotencyKey: `awards:${campaignId}:approved` });
    });
    return reply.code(201).send({ approved: true, contentHash: hash });
  });

  app.get('/campaigns/:campaignId/awards/notice.pdf', { schema: { tags: ['awards'], summary: 'The award notice as a printable PDF with Chinese fonts', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req, reply) => {
    const { campaignId } = req.params;
    const campaign = (await getCampaign(pool, campaignId))!;
    const template = campaign.template as CampaignTemplate;
    const { rows: bureau } = await pool.query<{ name: string }>('select name from bureaus where id = $1', [campaign.bureau_id]);
    const rows = await outcomes(campaignId);
    const entry = (o: OutcomeRow) => ({ name: o.name, district: o.district, basis: o.proposed_explanation.zh, overrideReason: o.override_reason });
    const pdf = await awardNoticePdf({
      bureauName: bureau[0]!.name,
      campaignName: campaign.name,
      categories: template.awards.categories.map((c) => ({ name: c.name, schools: rows.filter((o) => o.category === c.key).map(entry) })),
      vetoed: rows.filter((o) => o.vetoed).map(entry),
      approvedHash: (await approval(campaignId))?.content_hash ?? null,
    });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="awards.pdf"; filename*=UTF-8''${encodeURIComponent('表彰名单.pdf')}`).send(pdf);
  });

  app.get('/campaigns/:campaignId/awards/export.xlsx', { schema: { tags: ['awards'], summary: 'The award list as an Excel workbook (汇总表)', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req, reply) => {
    const { campaignId } = req.params;
    const campaign = (await getCampaign(pool, campaignId))!;
    const names = await categoryNames(campaignId);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表彰汇总表');
    ws.columns = [
      { header: '学校 School', key: 'name', width: 22 }, { header: '学区 District', key: 'district', width: 14 }, { header: '类别 Category', key: 'category', width: 16 },
      { header: '依据 Basis', key: 'basis', width: 60 }, { header: '调整理由 Override reason', key: 'reason', width: 30 },
    ];
    ws.getRow(1).font = { bold: true };
    for (const o of await outcomes(campaignId)) {
      const category = o.category ? names.get(o.category)?.zh ?? o.category : o.vetoed ? '一票否决' : '—';
      ws.addRow({ name: o.name, district: o.district, category, basis: o.proposed_explanation.zh, reason: o.override_reason ?? '' });
    }
    const approved = await approval(campaignId);
    ws.addRow([]);
    ws.addRow([`${campaign.name} · ${approved ? `已审批，校验值 ${approved.content_hash}` : '未审批（建议稿）'}`]);
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', `attachment; filename="awards.xlsx"; filename*=UTF-8''${encodeURIComponent('表彰汇总表.xlsx')}`)
      .send(Buffer.from(await wb.xlsx.writeBuffer()));
  });
};

export default routes;
