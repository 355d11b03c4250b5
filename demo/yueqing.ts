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
