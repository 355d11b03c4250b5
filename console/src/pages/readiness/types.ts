/** What the 优质均衡 (balanced high-quality) endpoints answer, as the console reads them. */
export type Level = 'primary' | 'junior';
export interface Localized {
  zh: string;
  en: string;
}

export const indicators = ['qualifiedTeachers', 'backboneTeachers', 'peArtsTeachers', 'teachingSpace', 'sportsSpace', 'equipment', 'multimediaRooms'] as const;
export type Indicator = (typeof indicators)[number];

/** The seven resource indicators with their thresholds per level (seed 004, as domain/balance.ts states them). */
export const indicatorInfo: Record<Indicator, { zh: string; en: string; short: string; thresholds: Record<Level, number> }> = {
  qualifiedTeachers: { zh: '每百名学生高于规定学历教师数', en: 'Qualified teachers /100 pupils', short: '高学历教师', thresholds: { primary: 4.2, junior: 5.3 } },
  backboneTeachers: { zh: '每百名学生县级以上骨干教师数', en: 'Backbone teachers /100 pupils', short: '骨干教师', thresholds: { primary: 1, junior: 1 } },
  peArtsTeachers: { zh: '每百名学生体育、艺术专任教师数', en: 'PE & arts teachers /100 pupils', short: '体艺教师', thresholds: { primary: 0.9, junior: 0.9 } },
  teachingSpace: { zh: '生均教学及辅助用房面积（㎡）', en: 'Teaching space per pupil (m²)', short: '教学用房', thresholds: { primary: 4.5, junior: 5.8 } },
  sportsSpace: { zh: '生均体育运动场馆面积（㎡）', en: 'Sports ground per pupil (m²)', short: '体育场馆', thresholds: { primary: 7.5, junior: 10.2 } },
  equipment: { zh: '生均教学仪器设备值（元）', en: 'Equipment value per pupil (yuan)', short: '仪器设备', thresholds: { primary: 2000, junior: 2500 } },
  multimediaRooms: { zh: '每百名学生网络多媒体教室数', en: 'Multimedia rooms /100 pupils', short: '多媒体教室', thresholds: { primary: 2.3, junior: 2.4 } },
};

export const levelLabel: Record<Level, string> = { primary: '小学 Primary', junior: '初中 Junior' };

export interface SectionResult {
  schoolId: string;
  name: string;
  level: Level;
  values: Record<Indicator, number>;
  met: Indicator[];
  missed: { indicator: Indicator; value: number; threshold: number; shortBy: number; ratio: number }[];
  passes: boolean;
  explanation: Localized;
}

export interface Coefficient {
  level: Level;
  indicator: Indicator;
  mean: number;
  sd: number;
  cv: number;
  limit: number;
  passes: boolean;
  pulledUpBy: { schoolId: string; name: string; contribution: number; share: number }[];
}

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

export interface Addition {
  schoolId: string;
  name: string;
  level: Level;
  indicator: Indicator;
  units: number;
  cost: number;
  why: 'school_threshold' | 'coefficient';
}

export interface Plan {
  schoolYear: string;
  costs: Record<Indicator, { unit: number; cost: number }>;
  additions: Addition[];
  totalCost: number;
  verified: { everySchoolPasses: boolean; everyCoefficientUnderLimit: boolean };
  method: Localized;
}

export type ItemStatus = 'open' | 'submitted' | 'accepted' | 'returned';
export type Category = 'government' | 'quality' | 'recognition' | 'veto';

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
