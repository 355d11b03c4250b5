import { defineSignal } from '@temporalio/workflow';
import type { LocalizedText } from './templates';

/** A dated target of a multi-year plan: "at least 20 % of primary sections pass by 2027-12-31". */
export interface Target {
  key: string;
  name: LocalizedText;
  /** The last day (Beijing time) by which it must be met: YYYY-MM-DD. */
  due: string;
  level: 'primary' | 'junior' | 'all';
  /** Share (0–1) of school sections that must pass the resource indicators. */
  atLeast: number;
  /** The school year whose data is checked, e.g. 2027-2028. */
  schoolYear: string;
}

export interface TargetPlanInput {
  planId: string;
  bureauId: string;
  /** Due instants (ISO), in order, with their target keys. */
  schedule: { key: string; dueAt: string }[];
  /** The next target to check: the plan continues as new after each, so its history stays small. */
  next: number;
}

export const targetPlanWorkflowType = 'targetPlanWorkflow';
export const targetPlanWorkflowId = (planId: string) => `target-plan-${planId}`;
/** Ends the plan early (withdrawn by the bureau). */
export const withdrawPlanSignal = defineSignal('withdrawPlan');

/** Whether a target is met by the measured share, explained. */
export function judgeTarget(t: Target, passing: number, sections: number): { measured: number; met: boolean; explanation: LocalizedText } {
  const measured = sections === 0 ? 0 : passing / sections;
  const met = measured + 1e-12 >= t.atLeast;
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return {
    measured,
    met,
    explanation: met
      ? { zh: `已达成：${passing}/${sections} 个学段达标（${pct(measured)} ≥ ${pct(t.atLeast)}）`, en: `Met: ${passing}/${sections} sections pass (${pct(measured)} ≥ ${pct(t.atLeast)})` }
      : { zh: `未达成：${passing}/${sections} 个学段达标（${pct(measured)} < ${pct(t.atLeast)}）`, en: `Missed: ${passing}/${sections} sections pass (${pct(measured)} < ${pct(t.atLeast)})` },
  };
}
