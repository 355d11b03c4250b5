import { balanceIndicators, indicatorInfo as balanceIndicatorInfo, type BalanceIndicator, type Coefficient, type Level, type SectionResult } from '../../../../domain/balance';
import type { ChecklistCategory, ItemStatus } from '../../../../domain/readiness-checklist';
import type { planToPass, UnitCosts } from '../../../../domain/what-it-takes';

export type { Coefficient, Level, SectionResult } from '../../../../domain/balance';
export type { Addition } from '../../../../domain/what-it-takes';
export type { ItemStatus } from '../../../../domain/readiness-checklist';
export type Category = ChecklistCategory;

/**
 * What the 优质均衡 (balanced high-quality) endpoints answer, as the console reads them. The pure
 * domain modules are shared with the API: their types where the JSON is the same, and the
 * indicator table itself.
 */

export interface Localized {
  zh: string;
  en: string;
}

export const indicators = balanceIndicators;
export type Indicator = BalanceIndicator;

/** The console's short and English labels of the seven resource indicators. */
const labels: Record<Indicator, { en: string; short: string }> = {
  qualifiedTeachers: { en: 'Qualified teachers /100 pupils', short: '高学历教师' },
  backboneTeachers: { en: 'Backbone teachers /100 pupils', short: '骨干教师' },
  peArtsTeachers: { en: 'PE & arts teachers /100 pupils', short: '体艺教师' },
  teachingSpace: { en: 'Teaching space per pupil (m²)', short: '教学用房' },
  sportsSpace: { en: 'Sports ground per pupil (m²)', short: '体育场馆' },
  equipment: { en: 'Equipment value per pupil (yuan)', short: '仪器设备' },
  multimediaRooms: { en: 'Multimedia rooms /100 pupils', short: '多媒体教室' },
};

/** The seven resource indicators: Chinese names and thresholds per level as domain/balance.ts states them (seed 004). */
export const indicatorInfo = Object.fromEntries(
  indicators.map((k) => [k, { zh: balanceIndicatorInfo[k].name.zh, ...labels[k], thresholds: balanceIndicatorInfo[k].thresholds }]),
) as Record<Indicator, { zh: string; en: string; short: string; thresholds: Record<Level, number> }>;

export const levelLabel: Record<Level, string> = { primary: '小学 Primary', junior: '初中 Junior' };

/** What POST …/plan answers: the costs used and the plan (domain/what-it-takes.ts). */
export type Plan = { schoolYear: string; costs: UnitCosts } & ReturnType<typeof planToPass>;

export interface Standing {
  schoolYear: string;
  excluded: { schoolId: string; name: string; level: Level; reason?: Localized }[];
  schools: SectionResult[];
  coefficients: Coefficient[];
  summary: { sections: number; passing: number; coefficientsOverLimit: number; ready: boolean };
}

export interface HistoryRow {
  schoolId: string;
  name: string;
  level: Level;
  version: number;
  pupils: number;
  resources: Record<Indicator, number>;
  reason: string;
  recordedBy: string | null;
  recordedAt: string;
}

export interface ChecklistItem {
  code: string;
  category: Category;
  title: Localized;
  atLeast: number | null;
  leadDepartment: { id: string; name: string | null } | null;
  assisting: { id: string; name: string | null }[];
  dueOn: string;
  overdue: boolean;
  status: ItemStatus;
  met: boolean | null;
  value: number | null;
  statement: string | null;
  submittedAt: string | null;
  reviewReason: string | null;
  reviewedAt: string | null;
  evidence: { id: string; filename: string; contentType: string; sizeBytes: number; sha256: string; uploadedAt: string; href: string }[];
}

export interface Checklist {
  schoolYear: string;
  dueOn: string;
  standing: {
    gaps: { code: string; zh: string; en: string }[];
    owed: { code: string; leadDepartment: string | null; leadDepartmentName: string | null; dueOn: string; overdue: boolean }[];
    awaitingReview: string[];
    complete: boolean;
    passes: boolean;
    explanation: Localized;
  };
  categories: { key: Category; title: Localized; items: number; accepted: number; met: number }[];
  byDepartment: { departmentId: string; name: string; owed: string[] }[];
  items: ChecklistItem[];
}

export interface Department {
  id: string;
  code: string;
  name: string;
}

export interface School {
  id: string;
  code: string;
  name: string;
  district: string;
  level: string;
}

/** Numbers as a bureau reads them: at most two decimals. */
export const num = (x: number) => (Math.round(x * 100) / 100).toLocaleString('zh-CN');
export const yuan = (x: number) => `¥${Math.round(x).toLocaleString('zh-CN')}`;

/** The school years offered (the default is 2025-2026). */
export function schoolYears(): string[] {
  const now = new Date().getFullYear();
  const years = new Set<string>(['2025-2026']);
  for (let y = now - 3; y <= now + 1; y += 1) years.add(`${y}-${y + 1}`);
  return [...years].sort().reverse();
}
