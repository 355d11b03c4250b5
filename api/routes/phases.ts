import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { owedFor } from '../../activities/reminder-recipients';
import { getCampaign } from '../../db/repositories/campaigns.repository';
import { allow, actorLabel } from '../../domain/access';
import { approvePhaseUpdate, movePhaseDeadlineUpdate } from '../../domain/campaign';
import { actorOf } from '../actor';
import { notFound } from '../errors';
import { approveBody, moveDeadlineBody, phaseParams } from '../schemas';
import { mapUpdateError } from '../temporal-errors';

/** A phase's approval and deadline: decided by the bureau, carried out by the campaign workflow. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool, temporal } = app.deps;
  // A stopped worker must not hold a person's request open: give up, say so, change nothing.
  const bounded = <T>(fn: () => Promise<T>) => temporal.withDeadline(Date.now() + (app.deps.updateTimeoutMs ?? 10_000), fn);
  const admin = allow('bureau_admin');

  app.get('/campaigns/:campaignId/phases/:phaseKey/owed', { schema: { tags: ['campaigns'], summary: 'Who still owes what in an open phase (the same reckoning its reminders use)', params: phaseParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => {
    const { campaignId, phaseKey } = req.params;
    const owed = await owedFor(pool, { kind: 'phase', bureauId: actorOf(req).bureauId, campaignId, phaseKey }, false);
    if (!owed) return { phaseKey, owed: null, people: [], departments: [] };
    const [people, departments] = await Promise.all([
      pool.query<{ id: string; displayName: string; role: string }>('select id, display_name as "displayName", role from accounts where id = any($1) order by role, display_name', [owed.accounts]),
      pool.query<{ id: string; name: string }>('select id, name from departments where id = any($1) order by name', [owed.departments]),
    ]);
    return { phaseKey, owed: owed.owed, people: people.rows, departments: departments.rows };
  });

  async function workflowOf(campaignId: string) {
    const campaign = await getCampaign(pool, campaignId);
    if (!campaign) throw notFound({ zh: '活动', en: 'Campaign' });
    return temporal.workflow.getHandle(campaign.workflow_id);
  }

  app.post('/campaigns/:campaignId/phases/:phaseKey/approve', { schema: { tags: ['campaigns'], summary: "Approve a closed phase's result", params: phaseParams, body: approveBody }, config: { access: admin } }, async (req) => {
    const actor = actorOf(req);
    const handle = await workflowOf(req.params.campaignId);
    return bounded(() =>
      handle.executeUpdate(approvePhaseUpdate, { args: [{ phaseKey: req.params.phaseKey, approvedBy: actorLabel(actor), actorAccountId: actor.accountId, note: req.body.note, republish: req.body.republish, requestId: req.id }] }),
    ).catch(mapUpdateError);
  });

  app.post('/campaigns/:campaignId/phases/:phaseKey/deadline', { schema: { tags: ['campaigns'], summary: "Move an open phase's deadline (re-arms its timer); a reason is required", params: phaseParams, body: moveDeadlineBody }, config: { access: admin } }, async (req) => {
    const actor = actorOf(req);
    const handle = await workflowOf(req.params.campaignId);
    return bounded(() =>
      handle.executeUpdate(movePhaseDeadlineUpdate, { args: [{ phaseKey: req.params.phaseKey, ...req.body, movedBy: actorLabel(actor), actorAccountId: actor.accountId, requestId: req.id }] }),
    ).catch(mapUpdateError);
  });
};

export default routes;
