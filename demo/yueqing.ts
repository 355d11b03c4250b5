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
] as const;
export const demoReviewerSchools = ['HQ-02', 'HQ-03', 'CQ-01'];
export const demoReviewerConflict = { schoolCode: 'CQ-02', reason: '配偶在该校任教（演示）' };
