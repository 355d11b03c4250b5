import { balanceIndicators, countyCoefficients, evaluateSection, indicatorInfo, inScope, type BalanceIndicator, type SectionInput } from './balance';
import type { LocalizedText } from './templates';

/** What one unit of each resource costs (yuan) and the unit it is added in. */
export type UnitCosts = Record<BalanceIndicator, { unit: number; cost: number }>;

export const defaultUnitCosts: UnitCosts = {
  qualifiedTeachers: { unit: 1, cost: 150_000 },
  backboneTeachers: { unit: 1, cost: 150_000 },
  peArtsTeachers: { unit: 1, cost: 150_000 },
  teachingSpace: { unit: 1, cost: 3_000 },
  sportsSpace: { unit: 1, cost: 800 },
  equipment: { unit: 1_000, cost: 1_000 },
  multimediaRooms: { unit: 1, cost: 60_000 },
};

export const method: LocalizedText = {
  zh: '先逐校补足：每校在 7 项中保留补足代价最高的 1 项只补到标准的 85%，其余补到标准，取总代价最小者；再逐项压差异系数：对仍超限的指标，把生均值最低的学校统一补到同一“底线”，用二分法找出使系数降到限值以下的最低底线。全部按整单位（教师、教室为整数）取整，结果以重新计算核验。',
  en: 'First each school: of its seven indicators, the one dearest to meet is raised only to 85 % of its threshold and the others to the threshold — the cheapest way to pass. Then each coefficient still over its limit: the lowest schools are raised to a common floor, the lowest floor (found by bisection) that brings the coefficient under the limit. Additions are whole units (teachers, rooms); the result is verified by recomputing every indicator.',
};

export interface Addition {
  schoolId: string;
  name: string;
  level: SectionInput['level'];
  indicator: BalanceIndicator;
  units: number;
  cost: number;
  why: 'school_threshold' | 'coefficient';
}

const unitsToReach = (s: SectionInput, k: BalanceIndicator, target: number, costs: UnitCosts): number => {
  // resource needed so that resource × per / pupils ≥ target
  const needed = (target * s.pupils) / indicatorInfo[k].per - s.resources[k];
  if (needed <= 1e-9) return 0;
  const step = costs[k].unit;
  return Math.ceil(needed / step - 1e-9) * step;
};

export function planToPass(input: SectionInput[], costs: UnitCosts = defaultUnitCosts) {
  const sections = input.filter((s) => inScope(s).included).map((s) => ({ ...s, resources: { ...s.resources } }));
  const additions: Addition[] = [];
  const add = (s: SectionInput, k: BalanceIndicator, units: number, why: Addition['why']) => {
    if (units <= 0) return;
    s.resources[k] += units;
    const existing = additions.find((a) => a.schoolId === s.schoolId && a.level === s.level && a.indicator === k);
    const cost = (units / costs[k].unit) * costs[k].cost;
    if (existing) {
      existing.units += units;
      existing.cost += cost;
    } else additions.push({ schoolId: s.schoolId, name: s.name, level: s.level, indicator: k, units, cost, why });
  };

  // 1. Every school passes, at the least cost: one indicator may stay at 85 %.
  for (const s of sections) {
    const threshold = (k: BalanceIndicator) => indicatorInfo[k].thresholds[s.level];
    const full = balanceIndicators.map((k) => unitsToReach(s, k, threshold(k), costs));
    const partial = balanceIndicators.map((k) => unitsToReach(s, k, threshold(k) * 0.85, costs));
    const price = (i: number, units: number) => (units / costs[balanceIndicators[i]!].unit) * costs[balanceIndicators[i]!].cost;
    let skip = -1;
    let saving = 0;
    balanceIndicators.forEach((_, i) => {
      const save = price(i, full[i]!) - price(i, partial[i]!);
      if (save > saving) {
        saving = save;
        skip = i;
      }
    });
    balanceIndicators.forEach((k, i) => add(s, k, i === skip ? partial[i]! : full[i]!, 'school_threshold'));
  }

  // 2. Each coefficient over its limit: raise the lowest schools to a common floor.
  for (const level of ['primary', 'junior'] as const) {
    const mine = sections.filter((s) => s.level === level);
    for (const k of balanceIndicators) {
      const over = () => countyCoefficients(mine).find((c) => c.indicator === k)!;
      if (mine.length === 0 || over().passes) continue;
      const values = mine.map((s) => (s.resources[k] * indicatorInfo[k].per) / s.pupils);
      let lo = Math.min(...values);
      let hi = Math.max(...values);
      const trial = (floor: number) =>
        countyCoefficients(mine.map((s) => ({ ...s, resources: { ...s.resources, [k]: Math.max(s.resources[k], (floor * s.pupils) / indicatorInfo[k].per) } }))).find((c) => c.indicator === k)!.passes;
      for (let i = 0; i < 60; i += 1) {
        const mid = (lo + hi) / 2;
        if (trial(mid)) hi = mid;
        else lo = mid;
      }
      for (const s of mine) add(s, k, unitsToReach(s, k, hi, costs), 'coefficient');
    }
  }

  // 3. Verify by recomputation on the proposed data.
  const results = sections.map(evaluateSection);
  const coefficients = countyCoefficients(sections);
  return {
    additions: additions.filter((a) => a.units > 0).sort((a, b) => (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : balanceIndicators.indexOf(a.indicator) - balanceIndicators.indexOf(b.indicator))),
    totalCost: additions.reduce((s, a) => s + a.cost, 0),
    verified: { everySchoolPasses: results.every((r) => r.passes), everyCoefficientUnderLimit: coefficients.every((c) => c.passes) },
    method,
  };
}
