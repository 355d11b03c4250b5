/**
 * The demo bureau: the 16 schools of seed 000 (乐清市新优质学校, 附件2) in their six districts.
 * Levels follow the names: 小 → primary, 中 → junior.
 */
export const demoBureau = {
  code: 'yueqing-demo',
  name: '乐清市教育局（演示）',
  departments: [
    { code: 'dudao', name: '督导室' },
    { code: 'jijiao', name: '基教股' },
    { code: 'jiaoyan', name: '教研室' },
    { code: 'renshi', name: '人事股' },
  ],
};

const districts: [string, string, string[]][] = [
  ['大荆', 'DJ', ['大荆三小', '大荆三中']],
  ['清江', 'QJ', ['清江一小']],
  ['虹桥', 'HQ', ['虹桥八小', '虹桥九小', '蒲岐中学']],
  ['城区', 'CQ', ['城东二小', '城南一小', '盐盆一中', '翁垟一中', '石帆一中']],
  ['柳市', 'LS', ['柳市四小', '柳市实验中学']],
  ['北白象', 'BBX', ['北白象二小', '北白象三小', '北白象镇中']],
];

export const demoSchools = districts.flatMap(([district, prefix, names]) =>
  names.map((name, i) => ({
    code: `${prefix}-${String(i + 1).padStart(2, '0')}`,
    name,
    district: `${district}学区`,
    level: /中/.test(name) ? ('junior' as const) : ('primary' as const),
  })),
);

export const demoCampaign = {
  name: '义务教育优质均衡系列示范校创建（演示）',
  templateKey: 'changle-2020-demonstration',
};

/**
 * The demo's people, one per role. Their passwords are generated when they are created and
 * printed once by the start command; nothing here is a password.
 */
export const demoAdmin = { username: 'yq-admin', displayName: '王科长（教育局）' };
export const demoPeople = [
  { username: 'yq-dudao', displayName: '李主任（督导室）', role: 'department_staff', departmentCode: 'dudao' },
  // Works at 虹桥八小 (HQ-01), so never reviews it; declared a conflict with 城南一小 (CQ-02).
  { username: 'yq-reviewer', displayName: '陈老师（评审专家）', role: 'reviewer', schoolCode: 'HQ-01' },
  { username: 'yq-school-dj01', displayName: '大荆三小', role: 'school', schoolCode: 'DJ-01' },
  // Four more reviewers, so an acceptance panel reaches the template's minimum of five.
  { username: 'yq-reviewer2', displayName: '林老师（评审专家）', role: 'reviewer' },
  { username: 'yq-reviewer3', displayName: '周老师（评审专家）', role: 'reviewer' },
  { username: 'yq-reviewer4', displayName: '吴老师（评审专家）', role: 'reviewer' },
  { username: 'yq-reviewer5', displayName: '郑老师（评审专家）', role: 'reviewer' },
] as const;
/** yq-reviewer's schools; the other reviewers, who work at no school, review every school. */
export const demoReviewerSchools = ['HQ-02', 'HQ-03', 'CQ-01'];
export const demoReviewerConflict = { schoolCode: 'CQ-02', reason: '配偶在该校任教（演示）' };

/**
 * The demo county's resource data for the 2025–2026 school year (优质均衡), as a bureau would enter
 * it: totals per school section. Most sections meet the national thresholds; a few do not, so the
 * readiness view has something to explain: 城东二小 is short of sports ground (a crowded town
 * school), 清江一小 of backbone teachers and multimedia rooms (a small rural school), 大荆三中 of
 * PE and arts teachers, and 柳市实验中学 misses only equipment, above 85 % (so it still passes).
 */
export const demoSchoolYear = '2025-2026';
// Per 100 pupils (teachers, rooms) or per pupil (m², yuan): qualified, backbone, PE/arts, teaching m², sports m², equipment ¥, rooms.
const demoRatios: Record<string, [number, number[]]> = {
  'DJ-01': [620, [4.8, 1.3, 1.1, 5.2, 9.0, 2600, 2.6]],
  'QJ-01': [180, [4.6, 0.6, 1.1, 6.0, 12.0, 2400, 2.0]],
  'HQ-01': [1450, [5.0, 1.4, 1.0, 5.0, 8.2, 2800, 2.8]],
  'HQ-02': [980, [4.5, 1.2, 1.0, 4.9, 8.0, 2300, 2.5]],
  'CQ-01': [2400, [4.9, 1.6, 1.0, 4.6, 5.2, 3100, 2.6]],
  'CQ-02': [1800, [5.2, 1.8, 1.2, 5.1, 7.8, 3300, 3.0]],
  'LS-01': [1320, [4.4, 1.1, 0.95, 4.7, 7.9, 2200, 2.4]],
  'BBX-01': [760, [4.7, 1.2, 1.0, 5.5, 9.5, 2500, 2.5]],
  'BBX-02': [540, [4.5, 1.0, 1.0, 5.8, 10.0, 2100, 2.5]],
  'DJ-02': [700, [4.8, 1.1, 0.7, 6.5, 12.0, 2800, 2.6]],
  'HQ-03': [850, [6.0, 1.3, 1.1, 6.2, 11.0, 3000, 2.7]],
  'CQ-03': [1200, [5.8, 1.5, 1.0, 6.0, 10.5, 3200, 2.8]],
  'CQ-04': [1100, [5.6, 1.2, 1.0, 6.1, 10.8, 2900, 2.6]],
  'CQ-05': [960, [5.5, 1.1, 1.0, 6.4, 11.5, 2700, 2.5]],
  'LS-02': [1650, [5.9, 1.4, 1.0, 6.0, 10.4, 2200, 2.6]],
  'BBX-03': [1020, [5.7, 1.3, 1.0, 6.3, 11.2, 2600, 2.5]],
};
const perHundred = [true, true, true, false, false, false, true];
/** Rows of the resource sheet: code, level, kind, pupils, then the seven totals. */
export const demoResourceRows: (string | number)[][] = demoSchools.map((s) => {
  const [pupils, ratios] = demoRatios[s.code]!;
  return [s.code, s.level === 'primary' ? '小学' : '初中', '普通', pupils, ...ratios.map((r, i) => Math.round(perHundred[i] ? (r * pupils) / 100 : r * pupils))];
});
