import { computeAwards, defaultAwardRules, type SchoolFacts } from '../../domain/awards';

const school = (schoolId: string, role: SchoolFacts['role'], metrics: SchoolFacts['metrics']): SchoolFacts => ({ schoolId, name: schoolId, role, metrics });

describe('awards (seed 001: 贡献校, 标兵校, 进步校, 达标校; below 达标 vetoed)', () => {
  const schools = [
    school('m1', 'mentor', { partnerMeanImprovement: 18, partnersMeetingShare: 1 }),
    school('m2', 'mentor', { partnerMeanImprovement: 10, partnersMeetingShare: 1 }),
    school('s1', 'seed', {}),
    school('p1', 'potential', { improvementTotal: 25, indicatorsMetShare: 1 }),
    school('p2', 'potential', { improvementTotal: 20, indicatorsMetShare: 1 }),
    school('p3', 'potential', { improvementTotal: 16, indicatorsMetShare: 0.75 }),
    school('p4', 'potential', { improvementTotal: 10, indicatorsMetShare: 1 }),
    school('p5', 'potential', { improvementTotal: 5, indicatorsMetShare: 0.5 }),
  ];
  const byId = Object.fromEntries(computeAwards(schools, defaultAwardRules).map((o) => [o.schoolId, o]));

  it('gives each school one category by precedence, with the reason', () => {
    expect(byId.m1).toMatchObject({ category: 'contribution', explanation: { zh: '贡献校：结对潜力校平均提升 18 ≥ 15，结对潜力校达标比例 100% ≥ 80%' } });
    expect(byId.m2).toMatchObject({ category: 'model', explanation: { zh: '标兵校：导师型学校' } });
    expect(byId.s1!.category).toBe('model');
  });

  it('keeps the progress quota to the top 30 % of potential schools, ranked, and the rest fall to the next category', () => {
    // Five potential schools: 30 % is one place; three qualify (25, 20, 16).
    expect(byId.p1).toMatchObject({ category: 'progress', explanation: { zh: '进步校：提升幅度 25 ≥ 15，排名 1/3' } });
    expect(byId.p2!.category).toBe('standard');
    expect(byId.p4!.category).toBe('standard');
  });

  it('vetoes a potential school below 达标, saying what it lacks', () => {
    expect(byId.p3).toMatchObject({ category: null, vetoed: true, explanation: { zh: '一票否决：未达到达标校（指标达标比例 75% < 87.5%）' } });
    expect(byId.p5!.vetoed).toBe(true);
    expect(byId.m2!.vetoed).toBe(false);
  });

  it('is deterministic whatever the input order, ties broken by school id', () => {
    const again = computeAwards([...schools].reverse(), defaultAwardRules);
    expect(Object.fromEntries(again.map((o) => [o.schoolId, o]))).toEqual(byId);
    const tied = computeAwards([school('b', 'potential', { improvementTotal: 20, indicatorsMetShare: 1 }), school('a', 'potential', { improvementTotal: 20, indicatorsMetShare: 1 })], { ...defaultAwardRules, categories: [{ ...defaultAwardRules.categories[2]!, quota: { max: 1, rankBy: 'improvementTotal' } }, defaultAwardRules.categories[3]!] });
    expect(tied.find((o) => o.category === 'progress')!.schoolId).toBe('a');
  });
});
