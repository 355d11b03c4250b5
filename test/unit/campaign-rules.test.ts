import { checkApproval, checkDeadlineMove, type CampaignProgress, type PhaseProgress } from '../../domain/campaign';
import { planSchedule } from '../../domain/schedule';
import { calendarCoverage } from '../../domain/calendar';
import { changleDemonstrationTemplate, phasesWithOverrides, templateSchema } from '../../domain/templates';

function progress(statuses: PhaseProgress['status'][]): CampaignProgress {
  const phases = changleDemonstrationTemplate.phases.slice(0, statuses.length).map((p, i) => ({
    key: p.key,
    kind: p.kind,
    name: p.name,
    duration: p.duration,
    status: statuses[i]!,
    deadline: '2026-12-23T16:00:00.000Z',
    approvedAt: statuses[i] === 'approved' ? '2026-12-24T02:00:00.000Z' : undefined,
  }));
  const current = phases.find((p) => p.status !== 'approved');
  return { campaignId: 'c1', status: 'running', currentPhase: current?.key ?? null, phases };
}

describe('approval rules', () => {
  const approve = (phaseKey: string) => ({ phaseKey, approvedBy: '局长' });

  it('accepts the approval of a closed phase', () => {
    expect(checkApproval(progress(['awaiting_approval']), approve('seed_selection'))).toBeNull();
  });

  it('refuses while the phase is still open, saying until when', () => {
    const r = checkApproval(progress(['open']), approve('seed_selection'));
    expect(r?.code).toBe('phase_still_open');
    expect(r?.message.zh).toContain('尚未截止');
    expect(r?.message.zh).toContain('2026-12-23 24:00');
    expect(r?.message.en).toContain('until 2026-12-23 24:00 Beijing time');
  });

  it('refuses a phase not yet reached, a phase already approved and an unknown phase', () => {
    const p = progress(['approved', 'open', 'pending']);
    expect(checkApproval(p, approve('mentor_selection'))?.code).toBe('phase_not_started');
    expect(checkApproval(p, approve('seed_selection'))?.code).toBe('already_approved');
    expect(checkApproval(p, approve('no_such_phase'))?.code).toBe('unknown_phase');
  });

  it('refuses a blocked phase and anything once the campaign has ended', () => {
    expect(checkApproval(progress(['blocked']), approve('seed_selection'))?.code).toBe('phase_blocked');
    const done = { ...progress(['approved']), status: 'completed' as const };
    expect(checkApproval(done, approve('seed_selection'))?.code).toBe('campaign_completed');
  });
});

describe('deadline moves', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const move = (deadline: string, reason = '延长公示') => ({ phaseKey: 'seed_selection', deadline, movedBy: '督导室', reason });

  it('moves an open or blocked phase to a future instant with a reason', () => {
    expect(checkDeadlineMove(progress(['open']), move('2026-12-30T16:00:00Z'), now)).toBeNull();
    expect(checkDeadlineMove(progress(['blocked']), move('2026-12-30T16:00:00Z'), now)).toBeNull();
  });

  it('refuses a past instant, a missing reason and a closed phase', () => {
    expect(checkDeadlineMove(progress(['open']), move('2026-11-30T00:00:00Z'), now)?.code).toBe('deadline_in_past');
    expect(checkDeadlineMove(progress(['open']), move('2026-12-30T16:00:00Z', '  '), now)?.code).toBe('reason_required');
    expect(checkDeadlineMove(progress(['awaiting_approval']), move('2026-12-30T16:00:00Z'), now)?.code).toBe('deadline_not_movable');
  });
});

describe('templates and planned schedules', () => {
  it('the seed 001 template has eight indicator categories and the five stages with two publicity windows', () => {
    expect(changleDemonstrationTemplate.indicators).toHaveLength(8);
    expect(changleDemonstrationTemplate.phases.map((p) => p.kind)).toEqual([
      'seed_selection', 'publicity', 'mentor_selection', 'pairing', 'acceptance', 'publicity', 'awards',
    ]);
    // The seed list is publicised after seed selection; the scores (成绩公示) after acceptance.
    expect(changleDemonstrationTemplate.phases.filter((p) => p.kind === 'publicity').map((p) => p.publishes)).toEqual(['seed_list', 'acceptance_scores']);
  });

  it('rejects a template with a duplicate phase key', () => {
    const t = { ...changleDemonstrationTemplate, phases: [...changleDemonstrationTemplate.phases, changleDemonstrationTemplate.phases[0]] };
    const parsed = templateSchema.safeParse(t);
    expect(parsed.success).toBe(false);
  });

  it('plans phases back to back and applies overrides', () => {
    const phases = phasesWithOverrides(changleDemonstrationTemplate, { seed_publicity: { amount: 7, unit: 'calendar_days' } });
    const plan = planSchedule(phases, new Date('2026-03-01T01:00:00Z'));
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.phases[0]!.deadline).toBe('2026-03-31T16:00:00.000Z');
    expect(plan.phases[1]!.opensAt).toBe(plan.phases[0]!.deadline);
    // The publicity opens at 00:00 on 1 April, so its seven days count from 2 April.
    expect(plan.phases[1]!.deadline).toBe('2026-04-08T16:00:00.000Z');
  });

  it('names the first phase whose working-day deadline falls outside the calendar data', () => {
    const start = new Date(`${calendarCoverage.lastYear}-12-01T01:00:00Z`);
    const plan = planSchedule(changleDemonstrationTemplate.phases, start);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.phaseKey).toBe('seed_publicity');
  });
});
