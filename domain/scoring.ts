import { z } from 'zod';
import type { LocalizedText } from './templates';

/**
 * Acceptance scoring (成果验收): how reviewers' score sheets become a school's result. All sums
 * are exact: scores are kept in hundredths (integers), so a mean is an exact fraction and the
 * rounding rule (half up, a fixed number of decimals) is applied once, at the end, to that
 * fraction — never to a floating-point approximation of it.
 */
export const scoringRulesSchema = z.object({
  method: z.enum(['mean', 'trimmed_mean']).default('trimmed_mean'),
  /** Trimmed mean drops one highest and one lowest score only from this many scores up. */
  trimFrom: z.number().int().min(3).default(5),
  decimals: z.number().int().min(0).max(2).default(1),
  stages: z
    .array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/), name: z.object({ zh: z.string(), en: z.string() }), weight: z.number().min(0).max(1) }))
    .min(1)
    .default([
      { key: 'report', name: { zh: '提升汇报', en: 'Improvement report' }, weight: 0.4 },
      { key: 'onsite', name: { zh: '现场查验', en: 'On-site inspection' }, weight: 0.6 },
    ]),
  /** A reviewer whose sheet total is this far from the mean of the others' is flagged. */
  divergence: z.number().min(0).default(15),
  /** The smallest panel per school (odd). */
  minPanel: z.number().int().min(1).default(5),
  /**
   * After the acceptance deadline, a stage may close with this share of the panel's signatures
   * (the missing ones recorded as missing); null: every member must sign.
   */
  signQuorumAfterDeadline: z.number().min(0).max(1).nullable().default(null),
});

/** Whether a stage's result is signed off, and who is missing. */
export function signOffState(
  panel: string[],
  signed: string[],
  rules: Pick<ScoringRules, 'signQuorumAfterDeadline'>,
  pastDeadline: boolean,
): { closed: boolean; missing: string[]; byQuorum: boolean } {
  const missing = panel.filter((m) => !signed.includes(m));
  if (panel.length > 0 && missing.length === 0) return { closed: true, missing, byQuorum: false };
  const q = rules.signQuorumAfterDeadline;
  const byQuorum = pastDeadline && q !== null && panel.length > 0 && signed.filter((s) => panel.includes(s)).length >= Math.ceil(q * panel.length);
  return { closed: byQuorum, missing, byQuorum };
}

/** Improvement per indicator: the final (stages weighted) minus the baseline, rounded. */
export function improvement(stages: StageResult[], baseline: Record<string, number>, rules: ScoringRules): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(baseline)) {
    let num = 0n;
    for (const st of stages) {
      const a = st.indicators[k];
      const w = BigInt(Math.round((rules.stages.find((s) => s.key === st.stage)?.weight ?? 0) * 10000));
      if (!a) continue;
      // a.numerator / a.denominator hundredths × w / 10000
      num += (BigInt(a.numerator) * w * 1000000n) / BigInt(a.denominator);
    }
    // num is in hundredths × 10^10; subtract the baseline in the same unit.
    const diff = num - BigInt(toHundredths(baseline[k]!)) * 10000000000n;
    out[k] = roundBig(diff, 10000000000n, rules.decimals);
  }
  return out;
}
export type ScoringRules = z.infer<typeof scoringRulesSchema>;

/** A score in hundredths; scores are entered with at most two decimals. */
export const toHundredths = (score: number): number => {
  const h = Math.round(score * 100);
  if (Math.abs(h - score * 100) > 1e-6) throw new RangeError(`score ${score} has more than two decimals`);
  return h;
};

/** numerator / denominator, in hundredths, rounded half up to `decimals`, as a number. */
export function roundHalfUp(numerator: number, denominator: number, decimals: number): number {
  // value = numerator / (100 × denominator); scaled = value × 10^decimals.
  const scale = 10 ** decimals;
  const num = BigInt(numerator) * BigInt(scale);
  const den = BigInt(denominator) * 100n;
  const negative = num < 0n !== den < 0n && num !== 0n;
  const a = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  let q = a / d;
  if ((a % d) * 2n >= d) q += 1n;
  return (negative ? -Number(q) : Number(q)) / scale;
}

export interface Aggregate {
  /** Exact value as a fraction of hundredths. */
  numerator: number;
  denominator: number;
  value: number;
  used: number;
  dropped: { highest: number; lowest: number } | null;
  explanation: LocalizedText;
}

/** The aggregate of one set of scores (one indicator of one school in one stage). */
export function aggregate(scores: number[], rules: Pick<ScoringRules, 'method' | 'trimFrom' | 'decimals'>): Aggregate {
  if (scores.length === 0) throw new RangeError('no scores to aggregate');
  const h = scores.map(toHundredths).sort((a, b) => a - b);
  const trim = rules.method === 'trimmed_mean' && h.length >= rules.trimFrom;
  const used = trim ? h.slice(1, -1) : h;
  const numerator = used.reduce((s, x) => s + x, 0);
  const value = roundHalfUp(numerator, used.length, rules.decimals);
  const dropped = trim ? { highest: h.at(-1)! / 100, lowest: h[0]! / 100 } : null;
  return {
    numerator,
    denominator: used.length,
    value,
    used: used.length,
    dropped,
    explanation: trim
      ? { zh: `去掉一个最高分 ${dropped!.highest} 和一个最低分 ${dropped!.lowest}，其余 ${used.length} 个评分平均 ${value}`, en: `highest ${dropped!.highest} and lowest ${dropped!.lowest} dropped; mean of the other ${used.length}: ${value}` }
      : { zh: `${used.length} 个评分平均 ${value}${rules.method === 'trimmed_mean' ? `（不足 ${rules.trimFrom} 个，不去分）` : ''}`, en: `mean of ${used.length} scores: ${value}${rules.method === 'trimmed_mean' ? ` (fewer than ${rules.trimFrom}: none dropped)` : ''}` },
  };
}

export interface Sheet {
  reviewerId: string;
  scores: Record<string, number>;
}

export interface StageResult {
  stage: string;
  indicators: Record<string, Aggregate>;
  /** The sum of the indicator aggregates, exact, then rounded. */
  total: number;
  divergent: { reviewerId: string; total: number; othersMean: number; explanation: LocalizedText }[];
}

/** One school's result in one stage from its reviewers' submitted sheets. */
export function stageResult(stage: string, sheets: Sheet[], indicators: string[], rules: ScoringRules): StageResult {
  const result: Record<string, Aggregate> = {};
  // Sum the exact fractions over indicators with a common denominator.
  let num = 0n;
  let den = 1n;
  for (const k of indicators) {
    const a = aggregate(sheets.map((s) => s.scores[k]!), rules);
    result[k] = a;
    num = num * BigInt(a.denominator) + BigInt(a.numerator) * den;
    den = den * BigInt(a.denominator);
  }
  const total = roundBig(num, den, rules.decimals);
  const totals = sheets.map((s) => ({ reviewerId: s.reviewerId, total: indicators.reduce((sum, k) => sum + toHundredths(s.scores[k]!), 0) }));
  const divergent = sheets.length < 3 ? [] : totals.flatMap((t) => {
    const others = totals.filter((o) => o !== t);
    const othersMean = others.reduce((s, o) => s + o.total, 0) / others.length / 100;
    const own = t.total / 100;
    if (Math.abs(own - othersMean) <= rules.divergence) return [];
    const mean = Math.round(othersMean * 10) / 10;
    return [{ reviewerId: t.reviewerId, total: own, othersMean: mean, explanation: { zh: `该评审总分 ${own} 与其他评审平均 ${mean} 相差超过 ${rules.divergence} 分`, en: `this reviewer's total ${own} is more than ${rules.divergence} from the others' mean ${mean}` } }];
  });
  return { stage, indicators: result, total, divergent };
}

function roundBig(num: bigint, den: bigint, decimals: number): number {
  // num/den is in hundredths; halves round away from zero, as roundHalfUp does.
  const negative = num < 0n !== den < 0n && num !== 0n;
  const a = (num < 0n ? -num : num) * BigInt(10 ** decimals);
  const d = (den < 0n ? -den : den) * 100n;
  let q = a / d;
  if ((a % d) * 2n >= d) q += 1n;
  return (negative ? -Number(q) : Number(q)) / 10 ** decimals;
}

/** The weighted final of a school over the stages, exact then rounded, with its explanation. */
export function finalScore(stages: StageResult[], rules: ScoringRules): { value: number; explanation: LocalizedText } {
  // Weights are decimals like 0.4: work in ten-thousandths of a weight.
  let num = 0n;
  for (const st of stages) {
    const w = rules.stages.find((s) => s.key === st.stage)?.weight ?? 0;
    num += BigInt(Math.round(st.total * 100)) * BigInt(Math.round(w * 10000));
  }
  const value = roundBig(num, 10000n, rules.decimals);
  const parts = stages.map((st) => {
    const s = rules.stages.find((x) => x.key === st.stage)!;
    return { zh: `${s.name.zh} ${st.total} × ${s.weight * 100}%`, en: `${s.name.en} ${st.total} × ${s.weight * 100}%` };
  });
  return { value, explanation: { zh: `${parts.map((p) => p.zh).join(' + ')} = ${value}`, en: `${parts.map((p) => p.en).join(' + ')} = ${value}` } };
}
