import type { LocalizedText } from './templates';

/**
 * The national 优质均衡 assessment's resource side (seed 004, DOMAIN.md): seven indicators per
 * school section against thresholds by level, the "6 of 7, the rest at ≥ 85 %" rule, and each
 * indicator's enrolment-weighted coefficient of variation (差异系数) across a county's schools:
 *   X̄ = ΣPᵢXᵢ / ΣPᵢ,  S = √(Σ (Pᵢ/ΣP)(Xᵢ − X̄)²),  CV = S / X̄.
 */
export type Level = 'primary' | 'junior';

export const balanceIndicators = ['qualifiedTeachers', 'backboneTeachers', 'peArtsTeachers', 'teachingSpace', 'sportsSpace', 'equipment', 'multimediaRooms'] as const;
export type BalanceIndicator = (typeof balanceIndicators)[number];

export const indicatorInfo: Record<BalanceIndicator, { name: LocalizedText; per: 100 | 1; thresholds: Record<Level, number> }> = {
  qualifiedTeachers: { name: { zh: '每百名学生高于规定学历教师数', en: 'teachers above the required qualification per 100 pupils' }, per: 100, thresholds: { primary: 4.2, junior: 5.3 } },
  backboneTeachers: { name: { zh: '每百名学生县级以上骨干教师数', en: 'county-level-or-above backbone teachers per 100 pupils' }, per: 100, thresholds: { primary: 1, junior: 1 } },
  peArtsTeachers: { name: { zh: '每百名学生体育、艺术专任教师数', en: 'PE and arts teachers per 100 pupils' }, per: 100, thresholds: { primary: 0.9, junior: 0.9 } },
  teachingSpace: { name: { zh: '生均教学及辅助用房面积（㎡）', en: 'teaching and auxiliary floor area per pupil (m²)' }, per: 1, thresholds: { primary: 4.5, junior: 5.8 } },
  sportsSpace: { name: { zh: '生均体育运动场馆面积（㎡）', en: 'sports ground area per pupil (m²)' }, per: 1, thresholds: { primary: 7.5, junior: 10.2 } },
  equipment: { name: { zh: '生均教学仪器设备值（元）', en: 'equipment value per pupil (yuan)' }, per: 1, thresholds: { primary: 2000, junior: 2500 } },
  multimediaRooms: { name: { zh: '每百名学生网络多媒体教室数', en: 'multimedia classrooms per 100 pupils' }, per: 100, thresholds: { primary: 2.3, junior: 2.4 } },
};

export const cvLimit: Record<Level, number> = { primary: 0.5, junior: 0.45 };

/** One school section's inputs for a school year: a nine-year school has a primary and a junior section. */
export interface SectionInput {
  schoolId: string;
  name: string;
  level: Level;
  kind?: 'regular' | 'special' | 'vocational' | 'teaching_point';
  pupils: number;
  /** Totals (teachers, m², yuan, rooms) of the section. */
  resources: Record<BalanceIndicator, number>;
}

/** Special-education and vocational schools, and teaching points under 50 pupils, are left out. */
export function inScope(s: SectionInput): { included: boolean; reason?: LocalizedText } {
  if (s.kind === 'special' || s.kind === 'vocational') return { included: false, reason: { zh: '特殊教育学校、职业学校不计入资源配置指标', en: 'special and vocational schools are not counted' } };
  if (s.kind === 'teaching_point' && s.pupils < 50) return { included: false, reason: { zh: '不足 50 名学生的教学点不计入', en: 'teaching points under 50 pupils are not counted' } };
  if (s.pupils <= 0) return { included: false, reason: { zh: '无在校生', en: 'no pupils' } };
  return { included: true };
}

export const indicatorValue = (s: SectionInput, k: BalanceIndicator): number => (s.resources[k] * indicatorInfo[k].per) / s.pupils;

export interface SectionResult {
  schoolId: string;
  name: string;
  level: Level;
  values: Record<BalanceIndicator, number>;
  met: BalanceIndicator[];
  missed: { indicator: BalanceIndicator; value: number; threshold: number; shortBy: number; ratio: number }[];
  passes: boolean;
  explanation: LocalizedText;
}

// Values are compared after rounding to 10 decimals, so 4.2 computed as 42 / 1000 × 100 counts as 4.2.
const settle = (x: number) => Math.round(x * 1e10) / 1e10;

/** A section passes with at least 6 of 7 indicators met and the others at ≥ 85 % of their threshold. */
export function evaluateSection(s: SectionInput): SectionResult {
  const values = {} as Record<BalanceIndicator, number>;
  const met: BalanceIndicator[] = [];
  const missed: SectionResult['missed'] = [];
  for (const k of balanceIndicators) {
    const v = settle(indicatorValue(s, k));
    values[k] = v;
    const threshold = indicatorInfo[k].thresholds[s.level];
    if (v >= threshold) met.push(k);
    else missed.push({ indicator: k, value: v, threshold, shortBy: settle(threshold - v), ratio: settle(v / threshold) });
  }
  const passes = met.length >= 6 && missed.every((m) => m.ratio >= 0.85);
  const misses = missed.map((m) => ({ zh: `${indicatorInfo[m.indicator].name.zh} ${round2(m.value)}，差 ${round2(m.shortBy)}（达标准的 ${Math.round(m.ratio * 1000) / 10}%）`, en: `${indicatorInfo[m.indicator].name.en} ${round2(m.value)}, short by ${round2(m.shortBy)} (${Math.round(m.ratio * 1000) / 10}% of the threshold)` }));
  return {
    schoolId: s.schoolId,
    name: s.name,
    level: s.level,
    values,
    met,
    missed,
    passes,
    explanation: passes
      ? { zh: `达标：${met.length}/7 项达到标准${misses.length ? `；${misses.map((m) => m.zh).join('；')}` : ''}`, en: `Passes: ${met.length}/7 met${misses.length ? `; ${misses.map((m) => m.en).join('; ')}` : ''}` }
      : { zh: `未达标：${met.length}/7 项达到标准（需 6 项且其余不低于 85%）；${misses.map((m) => m.zh).join('；')}`, en: `Fails: ${met.length}/7 met (6 needed, the rest at ≥ 85%); ${misses.map((m) => m.en).join('; ')}` },
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export interface Coefficient {
  level: Level;
  indicator: BalanceIndicator;
  mean: number;
  sd: number;
  cv: number;
  limit: number;
  passes: boolean;
  /** The sections that add most to the spread, largest first: (Pᵢ/ΣP)(Xᵢ − X̄)² and its share. */
  pulledUpBy: { schoolId: string; name: string; contribution: number; share: number }[];
}

/** The enrolment-weighted coefficient of variation of one indicator over sections of one level. */
export function coefficientOfVariation(points: { pupils: number; value: number }[]): { mean: number; sd: number; cv: number; terms: number[] } {
  const total = points.reduce((s, p) => s + p.pupils, 0);
  const mean = points.reduce((s, p) => s + p.pupils * p.value, 0) / total;
  const terms = points.map((p) => (p.pupils / total) * (p.value - mean) ** 2);
  const sd = Math.sqrt(terms.reduce((s, t) => s + t, 0));
  return { mean, sd, cv: mean === 0 ? 0 : sd / mean, terms };
}

export function countyCoefficients(sections: SectionInput[]): Coefficient[] {
  const out: Coefficient[] = [];
  for (const level of ['primary', 'junior'] as const) {
    const mine = sections.filter((s) => s.level === level && inScope(s).included);
    if (mine.length === 0) continue;
    for (const k of balanceIndicators) {
      const { mean, sd, cv, terms } = coefficientOfVariation(mine.map((s) => ({ pupils: s.pupils, value: indicatorValue(s, k) })));
      const sum = terms.reduce((a, b) => a + b, 0);
      const pulledUpBy = mine
        .map((s, i) => ({ schoolId: s.schoolId, name: s.name, contribution: terms[i]!, share: sum === 0 ? 0 : terms[i]! / sum }))
        .sort((a, b) => b.contribution - a.contribution || (a.schoolId < b.schoolId ? -1 : 1))
        .slice(0, 5);
      out.push({ level, indicator: k, mean, sd, cv, limit: cvLimit[level], passes: settle(cv) <= cvLimit[level], pulledUpBy });
    }
  }
  return out;
}
