import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { getCampaign, listCampaignSchools } from '../../db/repositories/campaigns.repository';
import { insertEvidence } from '../../db/repositories/objections.repository';
import { finalListSchoolIds } from '../../db/repositories/pairing.repository';
import { allow, roles } from '../../domain/access';
import { defaultMentorRule, mentorVerdict, ratings } from '../../domain/mentor-rule';
import { evidenceSchema } from '../../domain/publicity';
import type { CampaignTemplate } from '../../domain/templates';
import { actorOf, auditBy } from '../actor';
import { AppError, invalidField } from '../errors';
import { decodeEvidence } from '../evidence';
import { campaignParams } from '../schemas';

const schoolParams = z.object({ campaignId: z.string().uuid(), schoolId: z.string().uuid() });
const evaluationBody = z.object({
  ratings: z.record(z.string(), z.enum(ratings)).describe('A rating per indicator category: excellent 优秀, good 良好, fair 一般, weak 薄弱'),
  practices: z
    .array(z.object({ indicatorKey: z.string().min(1), title: z.string().trim().min(1).max(200), summary: z.string().trim().min(1).max(4000), file: evidenceSchema.optional() }))
    .max(20)
    .default([])
    .describe('Replicable practices (可复制性经验做法), each tied to an indicator'),
});
const baselineBody = z.object({
  ratings: z.record(z.string(), z.enum(ratings)).describe("The school's own rating per indicator before pairing"),
  scores: z.record(z.string(), z.number().min(0)).optional().describe('Baseline scores per indicator (on the rubric), for the improvement after acceptance'),
});

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Mentor selection (导师型学校遴选): the panel's evaluation of seed schools, practices, and baselines for pairing. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;

  async function templateOf(campaignId: string): Promise<CampaignTemplate> {
    return (await getCampaign(pool, campaignId))!.template as CampaignTemplate;
  }
  function checkRatings(t: CampaignTemplate, given: Record<string, string>, field: string) {
    for (const i of t.indicators) if (!given[i.key]) throw invalidField(`${field}.${i.key}`, `请评定「${i.name.zh}」`, `rate "${i.name.en}"`);
    for (const k of Object.keys(given)) if (!t.indicators.some((i) => i.key === k)) throw invalidField(`${field}.${k}`, '模板中没有该指标', 'no such indicator in the template');
  }

  app.put('/campaigns/:campaignId/evaluations/:schoolId', { schema: { tags: ['mentors'], summary: "Record the panel's evaluation of a seed school; the template's rule gives the verdict", params: schoolParams, body: evaluationBody }, config: { access: allow('bureau_admin', 'department_staff') }, bodyLimit: 60 * 1024 * 1024 }, async (req) => {
    const actor = actorOf(req);
    const { campaignId, schoolId } = req.params;
    const template = await templateOf(campaignId);
    const seeds = await finalListSchoolIds(pool, campaignId, 'seed_list');
    if (!seeds) throw new AppError(409, 'seed_list_not_final', { zh: '种子校名单尚未定稿，暂不能评议', en: 'The seed list is not final yet' });
    if (!seeds.includes(schoolId)) throw invalidField('params.schoolId', '该校不在种子校名单上', 'the school is not on the seed list');
    checkRatings(template, req.body.ratings, 'body.ratings');
    req.body.practices.forEach((p, i) => {
      if (!template.indicators.some((x) => x.key === p.indicatorKey)) throw invalidField(`body.practices.${i}.indicatorKey`, '模板中没有该指标', 'no such indicator in the template');
    });
    const verdict = mentorVerdict(template.mentorRule ?? defaultMentorRule, template.indicators, { ratings: req.body.ratings, practices: req.body.practices });
    await withTransaction(pool, async (tx) => {
      await tx.query('delete from practices where campaign_id = $1 and school_id = $2', [campaignId, schoolId]);
      for (const [i, p] of req.body.practices.entries()) {
        const id = randomUUID();
        await tx.query('insert into practices (id, campaign_id, school_id, bureau_id, indicator_key, title, summary) values ($1, $2, $3, $4, $5, $6, $7)', [id, campaignId, schoolId, actor.bureauId, p.indicatorKey, p.title, p.summary]);
        if (p.file) {
          const f = decodeEvidence(p.file, `body.practices.${i}.file.dataBase64`);
          await insertEvidence(tx, { bureauId: actor.bureauId, ownerKind: 'practice', ownerId: id, filename: f.filename, contentType: f.contentType, data: f.data, sha256: f.sha256 });
        }
      }
      await tx.query(
        `insert into mentor_evaluations (campaign_id, school_id, bureau_id, ratings, verdict, evaluated_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (campaign_id, school_id) do update set ratings = excluded.ratings, verdict = excluded.verdict, evaluated_by = excluded.evaluated_by, evaluated_at = now()`,
        [campaignId, schoolId, actor.bureauId, JSON.stringify(req.body.ratings), JSON.stringify(verdict), actor.accountId],
      );
      await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId, ...auditBy(req), action: 'mentor.evaluated', subject: `school:${schoolId}`, after: { ratings: req.body.ratings, practices: req.body.practices.map((p) => ({ indicatorKey: p.indicatorKey, title: p.title })), mentor: verdict.mentor }, reason: verdict.explanation.zh, idempotencyKey: `mentor:${campaignId}:${schoolId}:${randomUUID()}` });
    });
    return { schoolId, verdict };
  });

  app.get('/campaigns/:campaignId/evaluations', { schema: { tags: ['mentors'], summary: 'Seed schools with their evaluation and verdict (pending ones too)', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => {
    const { campaignId } = req.params;
    const seeds = (await finalListSchoolIds(pool, campaignId, 'seed_list')) ?? [];
    const schools = await listCampaignSchools(pool, campaignId);
    const { rows } = await pool.query<{ school_id: string; ratings: unknown; verdict: unknown; evaluated_at: Date }>('select school_id, ratings, verdict, evaluated_at from mentor_evaluations where campaign_id = $1', [campaignId]);
    const { rows: practices } = await pool.query<{ school_id: string; indicatorKey: string; title: string; summary: string }>('select school_id, indicator_key as "indicatorKey", title, summary from practices where campaign_id = $1 order by created_at, indicator_key, title', [campaignId]);
    return seeds.map((id) => {
      const e = rows.find((r) => r.school_id === id);
      const s = schools.find((x) => x.id === id);
      const own = practices.filter((p) => p.school_id === id).map(({ indicatorKey, title, summary }) => ({ indicatorKey, title, summary }));
      return { schoolId: id, name: s?.name, district: s?.district, evaluated: !!e, ratings: e?.ratings ?? null, practices: own, verdict: e?.verdict ?? null, evaluatedAt: e?.evaluated_at.toISOString() ?? null };
    });
  });

  app.get('/campaigns/:campaignId/practices/collection', { schema: { tags: ['mentors'], summary: 'The practice collection (经验做法集锦) as a printable page for all schools', params: campaignParams }, config: { access: allow(...roles) } }, async (req, reply) => {
    const campaign = (await getCampaign(pool, req.params.campaignId))!;
    const template = campaign.template as CampaignTemplate;
    const { rows } = await pool.query<{ school: string; district: string; indicator_key: string; title: string; summary: string }>(
      `select s.name as school, s.district, p.indicator_key, p.title, p.summary from practices p join schools s on s.id = p.school_id
         join mentor_evaluations e on e.campaign_id = p.campaign_id and e.school_id = p.school_id
        where p.campaign_id = $1 and (e.verdict->>'mentor')::boolean order by p.indicator_key, s.district, s.name`,
      [campaign.id],
    );
    const sections = template.indicators
      .map((i) => {
        const items = rows.filter((r) => r.indicator_key === i.key);
        if (items.length === 0) return '';
        return `<h2>${esc(i.name.zh)} <span class="en">${esc(i.name.en)}</span></h2>${items.map((r) => `<h3>${esc(r.title)}</h3><p class="by">${esc(r.school)}（${esc(r.district)}）</p><p>${esc(r.summary)}</p>`).join('')}`;
      })
      .join('');
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>经验做法集锦 · ${esc(campaign.name)}</title>
<style>@page{size:A4;margin:18mm 16mm}body{font-family:"Noto Serif CJK SC","Songti SC",SimSun,serif;line-height:1.7;max-width:48rem;margin:1rem auto;padding:0 1rem}h1{text-align:center}h2{border-bottom:1px solid #333;margin-top:2rem}.en{color:#555;font-size:.8em}.by{color:#444;margin-top:-.6rem}h3{page-break-after:avoid}</style></head>
<body><h1>${esc(campaign.name)}<br>导师型学校经验做法集锦</h1><p class="en" style="text-align:center">Replicable practices of the mentor schools</p>${sections || '<p>（暂无导师型学校的经验做法 / no practices yet）</p>'}</body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/campaigns/:campaignId/mentor-list', { schema: { tags: ['mentors'], summary: 'The mentor list (导师型学校名单) as published when mentor selection was approved; null before', params: campaignParams }, config: { access: allow(...roles) } }, async (req) => {
    const { rows } = await pool.query<{ version: number; final: boolean; items: unknown; content_hash: string; published_at: Date }>(
      `select version, final, items, content_hash, published_at from published_lists where campaign_id = $1 and list_key = 'mentor_list' order by version desc limit 1`,
      [req.params.campaignId],
    );
    const l = rows[0];
    return l ? { version: l.version, final: l.final, contentHash: l.content_hash, publishedAt: l.published_at.toISOString(), items: l.items } : null;
  });

  app.get('/campaigns/:campaignId/baselines/:schoolId', { schema: { tags: ['mentors'], summary: "A potential school's recorded baseline (a school sees its own)", params: schoolParams }, config: { access: allow('bureau_admin', 'department_staff', 'school') } }, async (req) => {
    const { rows } = await pool.query<{ ratings: unknown; scores: unknown; recorded_at: Date }>('select ratings, scores, recorded_at from baselines where campaign_id = $1 and school_id = $2', [req.params.campaignId, req.params.schoolId]);
    const b = rows[0];
    return { schoolId: req.params.schoolId, recorded: !!b, ratings: b?.ratings ?? null, scores: b?.scores ?? null, recordedAt: b?.recorded_at.toISOString() ?? null };
  });

  app.put('/campaigns/:campaignId/baselines/:schoolId', { schema: { tags: ['mentors'], summary: "A potential school's baseline self-assessment (its weakest indicators guide the pairing)", params: schoolParams, body: baselineBody }, config: { access: allow('bureau_admin', 'school') } }, async (req) => {
    const actor = actorOf(req);
    const { campaignId, schoolId } = req.params;
    const template = await templateOf(campaignId);
    checkRatings(template, req.body.ratings, 'body.ratings');
    for (const [k, v] of Object.entries(req.body.scores ?? {})) {
      const i = template.indicators.find((x) => x.key === k);
      if (!i) throw invalidField(`body.scores.${k}`, '模板中没有该指标', 'no such indicator in the template');
      if (v > i.maxScore || Math.round(v * 100) !== v * 100) throw invalidField(`body.scores.${k}`, `分值须在 0–${i.maxScore} 之间，最多两位小数`, `between 0 and ${i.maxScore}, at most two decimals`);
    }
    await withTransaction(pool, async (tx) => {
      await tx.query(
        `insert into baselines (campaign_id, school_id, bureau_id, ratings, scores, recorded_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (campaign_id, school_id) do update set ratings = excluded.ratings, scores = excluded.scores, recorded_by = excluded.recorded_by, recorded_at = now()`,
        [campaignId, schoolId, actor.bureauId, JSON.stringify(req.body.ratings), req.body.scores ? JSON.stringify(req.body.scores) : null, actor.accountId],
      );
      await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId, ...auditBy(req), action: 'baseline.recorded', subject: `school:${schoolId}`, after: req.body, idempotencyKey: `baseline:${campaignId}:${schoolId}:${randomUUID()}` });
    });
    return { schoolId, ratings: req.body.ratings, scores: req.body.scores ?? null };
  });
};

export default routes;
