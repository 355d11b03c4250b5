import { templateSchema, type CampaignTemplate, type LocalizedText } from './templates';

/**
 * The other programmes of the seeds, as templates of the same engine rather than code forks.
 * Year-long cycles are phases; the expert evaluation at the end is the acceptance phase; the
 * outcome (named, tiered, eliminated) is the award rules.
 */
const both = (zh: string, en: string): LocalizedText => ({ zh, en });
const cd = (amount: number) => ({ amount, unit: 'calendar_days' as const });

/** Seed 000 (乐清 2016): 新优质学校, a named cohort over a three-year cycle with yearly self-evaluation and expert evaluation. */
export const yueqingNewQualityTemplate: CampaignTemplate = templateSchema.parse({
  key: 'yueqing-2016-new-quality',
  name: both('义务教育新优质学校建设', 'New high-quality schools (three-year cycle)'),
  source: '乐教〔2016〕53号 (seed 000)',
  indicators: [
    ['development_plan', '发展规划', 'Development plan'],
    ['management', '学校管理', 'School management'],
    ['culture', '学校文化', 'School culture'],
    ['staff', '队伍建设', 'Staff development'],
    ['moral_education', '德育工作', 'Moral education'],
    ['curriculum', '课程建设', 'Curriculum'],
    ['teaching', '学科教学', 'Subject teaching'],
    ['assessment', '评价改革', 'Assessment reform'],
    ['ict', '信息技术', 'Information technology'],
    ['research', '教育科研', 'Educational research'],
    ['learning', '学生学习', 'Student learning'],
    ['distinctive', '特色发展', 'Distinctive development'],
  ].map(([key, zh, en]) => ({ key, name: both(zh!, en!), maxScore: 100 })),
  phases: [
    { key: 'cohort_selection', kind: 'seed_selection', name: both('遴选建设学校', 'Selecting the cohort'), duration: cd(30) },
    { key: 'cohort_publicity', kind: 'publicity', name: both('建设学校名单公示', 'Cohort publicity'), duration: cd(7), publishes: 'seed_list' },
    { key: 'year1_plan', kind: 'generic', name: both('建设方案与年度实施计划', 'Construction plan and yearly plan'), duration: cd(60) },
    { key: 'year1_review', kind: 'generic', name: both('第一学年自评与绩效评估', 'Year 1 self-evaluation and performance review'), duration: cd(300) },
    { key: 'year2_review', kind: 'generic', name: both('第二学年自评与绩效评估', 'Year 2 self-evaluation and performance review'), duration: cd(365) },
    { key: 'year3_evaluation', kind: 'acceptance', name: both('第三学年专家绩效评估', 'Year 3 expert performance evaluation'), duration: cd(60) },
    { key: 'naming', kind: 'awards', name: both('授牌命名', 'Naming the schools'), duration: cd(30) },
  ],
  awards: {
    categories: [
      { key: 'named_excellent', name: both('新优质学校（优秀）', 'New high-quality school (excellent)'), eligible: ['seed'], conditions: [{ metric: 'final', atLeast: 90 }] },
      { key: 'named', name: both('新优质学校', 'New high-quality school'), eligible: ['seed'], conditions: [{ metric: 'final', atLeast: 75 }] },
    ],
    vetoUnplaced: [],
  },
});

/** Seed 003 (仁怀 2017): 品牌学校, applications, expert selection, tiers 优质 → 特色 → 品牌 with elimination, baseline/mid-term/final evaluations. */
export const renhuaiBrandTemplate: CampaignTemplate = templateSchema.parse({
  key: 'renhuai-2017-brand',
  name: both('品牌学校创建', 'Brand schools'),
  source: '仁教字〔2017〕17号 (seed 003)',
  indicators: [
    ['environment', '办学环境', 'School environment'],
    ['governance', '治理能力', 'Governance'],
    ['culture', '文化品位', 'Cultural quality'],
    ['teachers', '师资素质', 'Teachers'],
    ['quality', '教育质量', 'Education quality'],
    ['growth', '学生成长', 'Student growth'],
  ].map(([key, zh, en]) => ({ key, name: both(zh!, en!), maxScore: 100 })),
  phases: [
    { key: 'application', kind: 'seed_selection', name: both('学校申报', 'Applications'), duration: cd(15) },
    { key: 'selection_publicity', kind: 'publicity', name: both('培育学校遴选结果公示', 'Selected schools publicity'), duration: cd(7), publishes: 'seed_list' },
    { key: 'baseline', kind: 'generic', name: both('前期评估（初始数据）', 'Baseline evaluation'), duration: cd(60) },
    { key: 'midterm', kind: 'generic', name: both('中期评估验收', 'Mid-term evaluation'), duration: cd(365) },
    { key: 'final_evaluation', kind: 'acceptance', name: both('终期评估验收', 'Final evaluation'), duration: cd(60) },
    { key: 'recognition', kind: 'awards', name: both('等级认定与淘汰', 'Tiers and elimination'), duration: cd(30) },
  ],
  awards: {
    categories: [
      { key: 'brand', name: both('品牌学校', 'Brand school'), eligible: ['seed'], conditions: [{ metric: 'final', atLeast: 90 }] },
      { key: 'distinctive', name: both('特色学校', 'Distinctive school'), eligible: ['seed'], conditions: [{ metric: 'final', atLeast: 80 }] },
      { key: 'quality', name: both('优质学校', 'Quality school'), eligible: ['seed'], conditions: [{ metric: 'final', atLeast: 70 }] },
    ],
    // 淘汰制: a cultivated school below every tier leaves the programme.
    vetoUnplaced: ['seed'],
  },
});
