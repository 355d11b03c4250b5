import { MockActivityEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { createActivities } from '../../activities';
import { appendAuditEvent, listCampaignAudit } from '../../db/repositories/audit.repository';
import { listPhases } from '../../db/repositories/phases.repository';
import { phasesLasting, insertTestCampaign, auditActions } from '../helpers/campaigns';
import { createTestBureau, testPool } from '../helpers/db';
import { silentLogger } from '../helpers/temporal';

/**
 * An activity whose worker crashed after committing is retried with the same input; the retry
 * must write nothing twice. Each activity is run twice here, as Temporal would retry it.
 */
let pool: Pool;
beforeAll(() => {
  pool = testPool();
});
afterAll(() => pool.end());

it('every campaign activity is idempotent under retry', async () => {
  const bureau = await createTestBureau(pool);
  const phases = phasesLasting(5, 'working_days');
  const { campaignId, workflowId } = await insertTestCampaign(pool, bureau.id, phases);
  const acts = createActivities({ pool, logger: silentLogger });
  const env = new MockActivityEnvironment();
  const scope = { campaignId, bureauId: bureau.id, workflowId, requestId: 'req-1' };
  const twice = async <T>(fn: () => Promise<T>): Promise<[T, T]> => [await env.run(fn), await env.run(fn)];

  await twice(() => acts.recordCampaignStarted({ ...scope, at: '2026-09-29T01:00:00Z' }));
  const open = { ...scope, phaseKey: 'seed_selection', seq: 0, kind: 'seed_selection' as const, duration: phases[0]!.duration };
  const [first, second] = await twice(() => acts.openPhase({ ...open, openedAt: '2026-09-30T01:00:00Z' }));
  // Five working days after 30 September 2026 end at 24:00 on 13 October (National Day, 调休).
  expect(first.deadline).toBe('2026-10-13T16:00:00.000Z');
  expect(second).toEqual(first);
  // A retry that arrives later still gets the deadline first written, not a recomputed one.
  expect(await env.run(() => acts.openPhase({ ...open, openedAt: '2026-10-02T01:00:00Z' }))).toEqual(first);

  await twice(() => acts.recordDeadlineMoved({ ...scope, phaseKey: 'seed_selection', at: '2026-10-01T00:00:00Z', from: first.deadline, to: '2026-10-20T16:00:00.000Z', movedBy: '督导室', reason: '延期', updateId: 'u-1' }));
  await twice(() => acts.closePhase({ ...scope, phaseKey: 'seed_selection', at: '2026-10-20T16:00:01Z' }));
  await twice(() => acts.approvePhase({ ...scope, phaseKey: 'seed_selection', at: '2026-10-21T02:00:00Z', approvedBy: '局长' }));
  await twice(() => acts.recordCampaignCompleted({ ...scope, at: '2026-10-21T02:00:01Z' }));

  const [row] = await listPhases(pool, campaignId);
  expect(row).toMatchObject({ status: 'approved', approved_by: '局长' });
  expect(row!.deadline_at.toISOString()).toBe('2026-10-20T16:00:00.000Z');
  expect(await auditActions(pool, campaignId)).toEqual({
    'campaign.started': 1,
    'phase.opened': 1,
    'phase.deadline_moved': 1,
    'phase.closed': 1,
    'phase.approved': 1,
    'campaign.completed': 1,
  });
});

it('a working-day deadline outside the calendar data fails without retry and writes nothing', async () => {
  const bureau = await createTestBureau(pool);
  const phases = phasesLasting(5, 'working_days');
  const { campaignId, workflowId } = await insertTestCampaign(pool, bureau.id, phases);
  const acts = createActivities({ pool, logger: silentLogger });
  const err = await new MockActivityEnvironment()
    .run(() => acts.openPhase({ campaignId, bureauId: bureau.id, workflowId, phaseKey: 'seed_selection', seq: 0, kind: 'seed_selection', duration: phases[0]!.duration, openedAt: '2099-03-01T01:00:00Z' }))
    .catch((e: unknown) => e);
  expect(err).toMatchObject({ type: 'CalendarOutOfRange', nonRetryable: true });
  expect(await listPhases(pool, campaignId)).toEqual([]);
});

it('lists a campaign audit trail in chain order, past sequence numbers of different lengths', async () => {
  const bureau = await createTestBureau(pool);
  const { campaignId } = await insertTestCampaign(pool, bureau.id, phasesLasting(5));
  // Events of other chains in between do not matter; the campaign's own numbers run 1, 2, … 12.
  for (let i = 1; i <= 12; i += 1) {
    await appendAuditEvent(pool, { bureauId: bureau.id, campaignId, actor: 't', action: `e${i}`, subject: 's', idempotencyKey: `${campaignId}:e${i}` });
    await appendAuditEvent(pool, { bureauId: bureau.id, actor: 't', action: 'elsewhere', subject: 's', idempotencyKey: `${campaignId}:other${i}` });
  }
  const trail = await listCampaignAudit(pool, campaignId);
  expect(trail.map((e) => e.action)).toEqual(Array.from({ length: 12 }, (_, i) => `e${i + 1}`));
  expect(trail.map((e) => Number(e.seq))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  // Each event points at the one before it.
  trail.slice(1).forEach((e, i) => expect(e.prev_hash).toBe(trail[i]!.hash));
});
