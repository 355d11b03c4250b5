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

it('lists a campaign audit trail in the order it was written, past ids of different lengths', async () => {
  const bureau = await createTestBureau(pool);
  const { campaignId } = await insertTestCampaign(pool, bureau.id, phasesLasting(5));
  // Enough events elsewhere to push this campaign's ids across a power of ten.
  const { rows } = await pool.query<{ id: string }>('select coalesce(max(id), 0)::text as id from audit_events');
  const next = Number(rows[0]!.id) + 1;
  const gap = 10 ** String(next).length - next;
  await appendAuditEvent(pool, { bureauId: bureau.id, campaignId, actor: 't', action: 'first', subject: 's', idempotencyKey: `${campaignId}:first` });
  await pool.query(
    `insert into audit_events (bureau_id, actor, action, subject, idempotency_key)
     select $1, 't', 'filler', 's', $2 || g from generate_series(1, $3::int) g`,
    [bureau.id, `${campaignId}:filler:`, gap],
  );
  await appendAuditEvent(pool, { bureauId: bureau.id, campaignId, actor: 't', action: 'second', subject: 's', idempotencyKey: `${campaignId}:second` });
  expect((await listCampaignAudit(pool, campaignId)).map((e) => e.action)).toEqual(['first', 'second']);
});
