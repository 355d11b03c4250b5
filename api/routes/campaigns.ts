import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTransaction } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { getBureau, listDepartments, upsertSchools } from '../../db/repositories/bureaus.repository';
import {
  addCampaignSchools,
  getCampaign,
  insertCampaign,
  listCampaignSchools,
  listCampaigns,
} from '../../db/repositories/campaigns.repository';
import { listPhases } from '../../db/repositories/phases.repository';
import { getReviewerProfile, listAssignedSchoolIds } from '../../db/repositories/reviewers.repository';
import { recusalFor } from '../../domain/recusal';
import { approvedPairs } from '../../db/repositories/pairing.repository';
import { allow, roles } from '../../domain/access';
import { campaignProgressQuery, campaignWorkflowId, campaignWorkflowType, type CampaignWorkflowInput } from '../../domain/campaign';
import { contentHash } from '../../domain/content-hash';
import { planSchedule } from '../../domain/schedule';
import { templates } from '../../domain/template-catalog';
import { phasesWithOverrides, type CampaignTemplate } from '../../domain/templates';
import { campaignView, phaseView } from '../campaign-views';
import { AppError, invalidField, notFound } from '../errors';
import { actorOf, auditBy } from '../actor';
import { bureauParams, campaignParams, createCampaignBody } from '../schemas';

const CAMPAIGN = { zh: '活动', en: 'Campaign' };

const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool, temporal, taskQueue } = app.deps;
  const admin = allow('bureau_admin');
  const everyone = allow(...roles);

  async function loadCampaign(id: string) {
    const campaign = await getCampaign(pool, id);
    if (!campaign) throw notFound(CAMPAIGN);
    return campaign;
  }

  app.post('/bureaus/:bureauId/campaigns', { schema: { tags: ['campaigns'], summary: 'Create a campaign from a template with its school list', params: bureauParams, body: createCampaignBody }, config: { access: admin } }, async (req, reply) => {
    const { bureauId } = req.params;
    const body = req.body;
    if (!(await getBureau(pool, bureauId))) throw notFound({ zh: '教育局', en: 'Bureau' });
    const template = templates.get(body.templateKey);
    if (!template) {
      throw invalidField('body.templateKey', `没有模板 ${body.templateKey}；可用：${[...templates.keys()].join('、')}`, `unknown template; available: ${[...templates.keys()].join(', ')}`);
    }
    for (const key of Object.keys(body.phaseDurations ?? {})) {
      if (!template.phases.some((p) => p.key === key)) {
        throw invalidField(`body.phaseDurations.${key}`, `模板中没有阶段 ${key}`, `the template has no phase ${key}`);
      }
    }
    const codes = new Set<string>();
    body.schools.forEach((s, i) => {
      if (codes.has(s.code)) throw invalidField(`body.schools.${i}.code`, `学校代码 ${s.code} 重复`, `school code ${s.code} appears twice`);
      codes.add(s.code);
    });
    const phases = phasesWithOverrides(template, body.phaseDurations);
    const startsAt = body.startsAt ? new Date(body.startsAt) : new Date();
    const plan = planSchedule(phases, startsAt);
    if (!plan.ok) {
      const field = body.phaseDurations?.[plan.phaseKey] ? `body.phaseDurations.${plan.phaseKey}` : 'body.startsAt';
      throw new AppError(422, 'deadline_outside_calendar', { zh: '无法计算阶段截止日期', en: 'A phase deadline cannot be computed' }, [
        { field, message: `${plan.phaseKey}: ${plan.error.message}` },
      ]);
    }
    const rules = { ...template.rules, ...Object.fromEntries(Object.entries(body.rules ?? {}).filter(([, v]) => v !== undefined)) } as CampaignTemplate['rules'];
    if (!(await listDepartments(pool, bureauId)).some((d) => d.code === rules.recheckDepartment)) {
      throw invalidField('body.rules.recheckDepartment', `本局没有代码为 ${rules.recheckDepartment} 的科室`, `no department with code ${rules.recheckDepartment} in this bureau`);
    }
    const snapshot: CampaignTemplate = { ...template, phases, rules };
    const id = randomUUID();
    const campaign = await withTransaction(pool, async (tx) => {
      const row = await insertCampaign(tx, {
        id,
        bureauId,
        name: body.name,
        templateKey: template.key,
        template: snapshot,
        settings: { phaseDurations: body.phaseDurations ?? {}, publicityContact: body.publicityContact ?? null },
        workflowId: campaignWorkflowId(id),
        startsAt,
      });
      const schools = await upsertSchools(tx, bureauId, body.schools);
      await addCampaignSchools(tx, id, bureauId, schools.map((s) => s.id));
      // The rules and the school list as published at creation; their hash goes into the chain.
      const published = { template: snapshot, schools: schools.map((s) => ({ code: s.code, name: s.name, district: s.district, level: s.level })) };
      await recordAuditEvent(tx, {
        bureauId,
        campaignId: id,
        ...auditBy(req),
        action: 'campaign.created',
        subject: `campaign:${id}`,
        after: { name: body.name, templateKey: template.key, schools: schools.length, plannedSchedule: plan.phases },
        contentHash: contentHash(published),
        idempotencyKey: `campaign:${id}:created`,
      });
      return row;
    });
    return reply.code(201).header('location', `/campaigns/${id}`).send({ ...campaignView(campaign), plannedSchedule: plan.phases });
  });

  app.get('/bureaus/:bureauId/campaigns', { schema: { tags: ['campaigns'], summary: "A bureau's campaigns (a school sees those it takes part in, a reviewer those it reviews)", params: bureauParams }, config: { access: everyone } }, async (req) => {
    const actor = actorOf(req);
    const campaigns = await listCampaigns(pool, req.params.bureauId);
    const visible = [];
    for (const c of campaigns) {
      if (actor.role === 'school' && !(await listCampaignSchools(pool, c.id)).some((s) => s.id === actor.schoolId)) continue;
      if (actor.role === 'reviewer' && (await listAssignedSchoolIds(pool, c.id, actor.accountId)).length === 0) continue;
      visible.push(c);
    }
    return visible.map(campaignView);
  });

  app.post('/campaigns/:campaignId/start', { schema: { tags: ['campaigns'], summary: 'Start the campaign workflow', params: campaignParams }, config: { access: admin } }, async (req, reply) => {
    const campaign = await loadCampaign(req.params.campaignId);
    const template = campaign.template as CampaignTemplate;
    const input: CampaignWorkflowInput = { campaignId: campaign.id, bureauId: campaign.bureau_id, phases: template.phases, requestId: req.id };
    const delayMs = campaign.starts_at.getTime() - Date.now();
    try {
      await temporal.workflow.start(campaignWorkflowType, {
        taskQueue,
        workflowId: campaign.workflow_id,
        args: [input],
        // A campaign planned for later starts then; Temporal holds the start durably.
        startDelay: delayMs > 1000 ? delayMs : undefined,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return reply.code(200).send({ workflowId: campaign.workflow_id, alreadyStarted: true });
    }
    req.log.info({ campaignId: campaign.id, workflowId: campaign.workflow_id }, 'campaign workflow started');
    return reply.code(202).send({ workflowId: campaign.workflow_id, alreadyStarted: false });
  });

  app.get('/campaigns/:campaignId', { schema: { tags: ['campaigns'], summary: 'Where a campaign stands: database record and workflow progress', params: campaignParams }, config: { access: everyone } }, async (req) => {
    const campaign = await loadCampaign(req.params.campaignId);
    const actor = actorOf(req);
    const [allSchools, phases] = await Promise.all([listCampaignSchools(pool, campaign.id), listPhases(pool, campaign.id)]);
    // A reviewer sees only the schools assigned to them.
    const assigned = actor.role === 'reviewer' ? new Set(await listAssignedSchoolIds(pool, campaign.id, actor.accountId)) : null;
    const profile = actor.role === 'reviewer' ? await getReviewerProfile(pool, actor.accountId) : null;
    // A reviewer sees assigned schools only, and not those they have since been recused from.
    const pairs = assigned ? await approvedPairs(pool, campaign.id) : [];
    const schools = assigned ? allSchools.filter((s) => assigned.has(s.id) && !recusalFor(profile!, s.id, pairs)) : allSchools;
    let workflow: { status: string; progress: unknown } | null = null;
    if (campaign.status !== 'draft' || (await workflowExists(campaign.workflow_id))) {
      const handle = temporal.workflow.getHandle(campaign.workflow_id);
      try {
        const [description, progress] = await Promise.all([handle.describe(), handle.query(campaignProgressQuery)]);
        workflow = { status: description.status.name, progress };
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    // The phases still to come, as planned if each opens when the one before it ends (approval may come later).
    const template = campaign.template as CampaignTemplate;
    const last = phases[phases.length - 1];
    const ahead = planSchedule(template.phases.slice(phases.length), last ? last.deadline_at : campaign.starts_at);
    return { ...campaignView(campaign), schools, phases: phases.map((p) => phaseView(p)), planned: ahead.phases, workflow };
  });

  async function workflowExists(workflowId: string): Promise<boolean> {
    try {
      await temporal.workflow.getHandle(workflowId).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

};

export default routes;
