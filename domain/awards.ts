import { z } from 'zod';
import type { LocalizedText } from './templates';

/**
 * Awards (表彰奖励) and the veto (一票否决) as template rules over a campaign's facts. Computing them
 * is a pure, deterministic function: for every school, its category (or none, or vetoed) and an
 * explanation a principal can read.
 */
export const schoolRoles = ['mentor', 'seed', 'potential'] as const;
export type SchoolRole = (typeof schoolRoles)[number];

export const metricKeys = ['final', 'improvementTotal', 'indicatorsMetShare', 'partnerMeanImprovement', 'partnersMeetingShare'] as const;
export type MetricKey = (typeof metricKeys)[number];

export const metricNames: Record<MetricKey, LocalizedText> = {
  final: { zh: '验收得分', en: 'acceptance score' },
  improvementTotal: { zh: '提升幅度', en: 'improvement' },
  indicatorsMetShare: { zh: '指标达标比例', en: 'share of indicators met' },
  partnerMeanImprovement: { zh: '结对潜力校平均提升', en: "partners' mean improvement" },
  partnersMeetingShare: { zh: '结对潜力校达标比例', en: 'share of partners meeting the standard' },
};

const condition = z.object({ metric: z.enum(metricKeys), atLeast: z.number() });
export const awardRulesSchema = z.object({
  categories: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
        name: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
        eligible: z.array(z.enum(schoolRoles)).min(1),
        conditions: z.array(condition).default([]),
        quota: z.object({ max: z.number().int().min(1).optional(), topPercent: z.number().min(0).max(100).optional(), rankBy: z.enum(metricKeys) }).optional(),
      }),
    )
    .min(1)
    .describe('In precedence order: a school gets the first category it qualifies for'),
  /** Schools of these roles that qualify for no category are vetoed (一票否决). */
  vetoUnplaced: z.array(z.enum(schoolRoles)).default(['potential']),
  /** An indicator is met when its final score reaches this share of its maximum. */
  indicatorMeetsAt: z.number().min(0).max(1).default(0.6),
  /** A partner school meets the standard at this share of indicators met. */
  standardShare: z.number().min(0).max(1).default(0.875),
});
export type AwardRules = z.infer<typeof awardRulesSchema>;

/** Seed 001's four categories; thresholds are template settings. */
export const defaultAwardRules: AwardRules = {
  categories: [
    { key: 'contribution', name: { zh: '贡献校', en: 'Contribution school' }, eligible: ['mentor'], conditions: [{ metric: 'partnerMeanImprovement', atLeast: 15 }, { metric: 'partnersMeetingShare', atLeast: 0.8 }] },
    { key: 'model', name: { zh: '标兵校', en: 'Model school' }, eligible: ['mentor', 'seed'], conditions: [] },
    { key: 'progress', name: { zh: '进步校', en: 'Progress school' }, eligible: ['potential'], conditions: [{ metric: 'improvementTotal', atLeast: 15 }], quota: { topPercent: 30, rankBy: 'improvementTotal' } },
    { key: 'standard', name: { zh: '达标校', en: 'Standard school' }, eligible: ['potential'], conditions: [{ metric: 'indicatorsMetShare', atLeast: 0.875 }] },
  ],
  vetoUnplaced: ['potential'],
  indicatorMeetsAt: 0.6,
  standardShare: 0.875,
};

export interface SchoolFacts {
  schoolId: string;
  name: string;
  role: SchoolRole;
  metrics: Partial<Record<MetricKey, number>>;
}

export interface AwardOutcome {
  schoolId: string;
  category: string | null;
  vetoed: boolean;
  explanation: LocalizedText;
}

const fmt = (m: MetricKey, v: number) => (m.endsWith('Share') ? `${Math.round(v * 1000) / 10}%` : String(Math.round(v * 10) / 10));

export function computeAwards(schools: SchoolFacts[], rules: AwardRules): AwardOutcome[] {
  const sorted = [...schools].sort((a, b) => (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0));
  const placed = new Map<string, AwardOutcome>();
  for (const c of rules.categories) {
    const meets = (s: SchoolFacts) => c.eligible.includes(s.role) && c.conditions.every((k) => (s.metrics[k.metric] ?? -Infinity) >= k.atLeast);
    // A percentage quota counts against every school of the eligible roles still unplaced.
    const pool = sorted.filter((s) => !placed.has(s.schoolId) && c.eligible.includes(s.role)).length;
    let qualified = sorted.filter((s) => !placed.has(s.schoolId) && meets(s));
    const ranks = new Map<string, number>();
    if (c.quota) {
      const by = c.quota.rankBy;
      qualified = [...qualified].sort((a, b) => (b.metrics[by] ?? -Infinity) - (a.metrics[by] ?? -Infinity) || (a.schoolId < b.schoolId ? -1 : 1));
      qualified.forEach((s, i) => ranks.set(s.schoolId, i + 1));
      let limit = qualified.length;
      if (c.quota.max !== undefined) limit = Math.min(limit, c.quota.max);
      // The top p % of the eligible schools, rounded down, and at least one when any qualifies.
      if (c.quota.topPercent !== undefined) limit = Math.min(limit, Math.max(qualified.length > 0 ? 1 : 0, Math.floor((pool * c.quota.topPercent) / 100 + 1e-9)));
      qualified = qualified.slice(0, limit);
    }
    for (const s of qualified) {
      const why = c.conditions.map((k) => ({ zh: `${metricNames[k.metric].zh} ${fmt(k.metric, s.metrics[k.metric]!)} ≥ ${fmt(k.metric, k.atLeast)}`, en: `${metricNames[k.metric].en} ${fmt(k.metric, s.metrics[k.metric]!)} ≥ ${fmt(k.metric, k.atLeast)}` }));
      const total = ranks.size;
      if (ranks.has(s.schoolId)) why.push({ zh: `排名 ${ranks.get(s.schoolId)}/${total}`, en: `rank ${ranks.get(s.schoolId)} of ${total}` });
      const zh = why.length > 0 ? why.map((w) => w.zh).join('，') : roleText[s.role].zh;
      const en = why.length > 0 ? why.map((w) => w.en).join(', ') : roleText[s.role].en;
      placed.set(s.schoolId, { schoolId: s.schoolId, category: c.key, vetoed: false, explanation: { zh: `${c.name.zh}：${zh}`, en: `${c.name.en}: ${en}` } });
    }
  }
  return sorted.map((s) => {
    const p = placed.get(s.schoolId);
    if (p) return p;
    const vetoed = rules.vetoUnplaced.includes(s.role);
    const missed = rules.categories.filter((c) => c.eligible.includes(s.role)).at(-1);
    const short = missed?.conditions.filter((k) => (s.metrics[k.metric] ?? -Infinity) < k.atLeast).map((k) => ({ zh: `${metricNames[k.metric].zh} ${s.metrics[k.metric] === undefined ? '无数据' : fmt(k.metric, s.metrics[k.metric]!)} < ${fmt(k.metric, k.atLeast)}`, en: `${metricNames[k.metric].en} ${s.metrics[k.metric] === undefined ? 'missing' : fmt(k.metric, s.metrics[k.metric]!)} < ${fmt(k.metric, k.atLeast)}` })) ?? [];
    return {
      schoolId: s.schoolId,
      category: null,
      vetoed,
      explanation: vetoed
        ? { zh: `一票否决：未达到${missed?.name.zh ?? '最低类别'}（${short.map((x) => x.zh).join('，')}）`, en: `Vetoed: below ${missed?.name.en ?? 'the lowest category'} (${short.map((x) => x.en).join(', ')})` }
        : { zh: '未获表彰', en: 'No award' },
    };
  });
}

const roleText: Record<SchoolRole, LocalizedText> = {
  mentor: { zh: '导师型学校', en: 'mentor school' },
  seed: { zh: '标杆种子校', en: 'seed school' },
  potential: { zh: '潜力校', en: 'potential school' },
};
