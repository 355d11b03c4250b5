import { CalendarOutOfRangeError, deadlineFor } from './calendar';
import type { PhaseDefinition } from './templates';

export interface PlannedPhase {
  key: string;
  opensAt: string;
  deadline: string;
}

export type PlanResult =
  | { ok: true; phases: PlannedPhase[] }
  | { ok: false; phaseIndex: number; phaseKey: string; error: CalendarOutOfRangeError; phases: PlannedPhase[] };

/**
 * The planned schedule if every phase opens the moment the one before it ends. Used to refuse,
 * at creation, a campaign whose working-day deadlines cannot be computed from the calendar data.
 */
export function planSchedule(phases: PhaseDefinition[], startsAt: Date): PlanResult {
  const planned: PlannedPhase[] = [];
  let opensAt = startsAt;
  for (const [i, phase] of phases.entries()) {
    try {
      const deadline = deadlineFor(opensAt, phase.duration);
      planned.push({ key: phase.key, opensAt: opensAt.toISOString(), deadline: deadline.toISOString() });
      opensAt = deadline;
    } catch (err) {
      if (err instanceof CalendarOutOfRangeError) return { ok: false, phaseIndex: i, phaseKey: phase.key, error: err, phases: planned };
      throw err;
    }
  }
  return { ok: true, phases: planned };
}
