import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { Pool } from 'pg';
import { withTransaction } from '../../db/pool';
import { upsertSchools } from '../../db/repositories/bureaus.repository';
import { addCampaignSchools, insertCampaign } from '../../db/repositories/campaigns.repository';
import { campaignProgressQuery, campaignWorkflowId, type CampaignProgress, type PhaseStatus } from '../../domain/campaign';
import { changleDemonstrationTemplate, type CampaignTemplate, type PhaseDefinition } from '../../domain/templates';
import { demoSchools } from '../../demo/yueqing';

/** A campaign row as the API would create it, for tests that drive the workflow directly. */
export async function insertTestCampaign(pool: Pool, bureauId: string, phases: PhaseDefinition[], template: CampaignTemplate = changleDemonstrationTemplate) {
  const id = randomUUID();
  await withTransaction(pool, async (tx) => {
    await insertCampaign(tx, {
      id,
      bureauId,
      name: '测试活动',
      templateKey: template.key,
      template: { ...template, phases },
      settings: {},
      workflowId: campaignWorkflowId(id),
      startsAt: new Date(),
    });
    const schools = await upsertSchools(tx, bureauId, demoSchools);
    await addCampaignSchools(tx, id, bureauId, schools.map((s) => s.id));
  });
  return { campaignId: id, workflowId: campaignWorkflowId(id) };
}

/** Every phase of the seed 001 template, each lasting the given duration. */
export function phasesLasting(amount: number, unit: PhaseDefinition['duration']['unit'] = 'calendar_days'): PhaseDefinition[] {
  return changleDemonstrationTemplate.phases.map((p) => ({ ...p, duration: { amount, unit } }));
}

/** Polls the workflow's progress query until a phase reaches a status (real time, bounded). */
export async function waitForPhase(handle: WorkflowHandle, phaseKey: string, status: PhaseStatus, timeoutMs = 20_000): Promise<CampaignProgress> {
  const until = Date.now() + timeoutMs;
  let last: CampaignProgress | undefined;
  while (Date.now() < until) {
    last = await handle.query(campaignProgressQuery);
    if (last.phases.find((p) => p.key === phaseKey)?.status === status) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`phase ${phaseKey} did not reach ${status}; last progress: ${JSON.stringify(last)}`);
}

/**
 * How many audit events of each action a campaign has, leaving out reminders: how many of those
 * fall before a year-long deadline depends on the day the test runs (and the holiday data's years).
 */
export async function auditActions(pool: Pool, campaignId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ action: string; n: number }>(
    `select action, count(*)::int as n from audit_events where campaign_id = $1 and action not like 'reminder.%' group by action`,
    [campaignId],
  );
  return Object.fromEntries(rows.map((r) => [r.action, r.n]));
}
