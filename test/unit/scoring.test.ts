import { aggregate, finalScore, improvement, roundHalfUp, scoringRulesSchema, signOffState, stageResult, toHundredths } from '../../domain/scoring';

const rules = scoringRulesSchema.parse({});

describe('aggregation (hand-computed)', () => {
  it('drops one highest and one lowest from five scores', () => {
    const a = aggregate([80, 85, 90, 95, 70], rules);
    expect(a.value).toBe(85); // (80 + 85 + 90) / 3
    expect(a.dropped).toEqual({ highest: 95, lowest: 70 });
    expect(a.explanation.zh).toBe('去掉一个最高分 95 和一个最低分 70，其余 3 个评分平均 85');
  });

  it('drops only one of tied extremes', () => {
    expect(aggregate([88, 88, 88, 70, 95], rules).value).toBe(88);
    expect(aggregate([90, 90, 80, 80, 85], rules).value).toBe(85); // (80 + 85 + 90) / 3
  });

  it('does not trim fewer than five scores, and says so', () => {
    const a = aggregate([80, 85, 91], rules);
    expect(a.value).toBe(85.3); // 256 / 3 = 85.333…
    expect(a.dropped).toBeNull();
    expect(a.explanation.zh).toContain('不足 5 个，不去分');
  });

  it('rounds half up exactly, where floating point would not', () => {
    // The trap: the mean of 1.00 and 1.01 is 1.005, which floating point rounds down to 1.
    expect(Math.round(((1 + 1.01) / 2) * 100) / 100).toBe(1);
    expect(aggregate([1, 1.01], { ...rules, method: 'mean', decimals: 2 }).value).toBe(1.01);
    expect(aggregate([84.1, 84.2], { ...rules, method: 'mean' }).value).toBe(84.2);
    expect(aggregate([84.15], rules).value).toBe(84.2);
    expect(aggregate([80.05, 80.1], rules).value).toBe(80.1); // 80.075 → 80.1
    expect(roundHalfUp(toHundredths(84.25), 1, 1)).toBe(84.3);
    expect(roundHalfUp(toHundredths(84.24), 1, 1)).toBe(84.2);
    expect(roundHalfUp(1, 3, 2)).toBe(0); // 0.00333… at two decimals
    expect(() => toHundredths(84.123)).toThrow(/two decimals/);
  });

  it('weights the stages (report 40 %, on-site 60 %) on their published totals', () => {
    const f = finalScore([{ stage: 'report', indicators: {}, total: 84.3, divergent: [] }, { stage: 'onsite', indicators: {}, total: 90.1, divergent: [] }], rules);
    expect(f.value).toBe(87.8); // 33.72 + 54.06 = 87.78
    expect(f.explanation.zh).toBe('提升汇报 84.3 × 40% + 现场查验 90.1 × 60% = 87.8');
  });

  it('sums a stage exactly over indicators and flags a divergent reviewer', () => {
    const sheets = [
      { reviewerId: 'r1', scores: { a: 40, b: 40 } },
      { reviewerId: 'r2', scores: { a: 41, b: 41 } },
      { reviewerId: 'r3', scores: { a: 40.5, b: 40.5 } },
      { reviewerId: 'r4', scores: { a: 30, b: 30 } },
    ];
    const r = stageResult('onsite', sheets, ['a', 'b'], rules);
    // Each indicator: mean of 4 (no trim) = 151.5 / 4 = 37.875; the stage: 75.75 → 75.8.
    expect(r.indicators.a!.value).toBe(37.9);
    expect(r.total).toBe(75.8);
    expect(r.divergent.map((d) => d.reviewerId)).toEqual(['r4']); // 60 against the others' 81
    expect(r.divergent[0]!.explanation.zh).toBe('该评审总分 60 与其他评审平均 81 相差超过 15 分');
  });
});

describe('sign-off and improvement', () => {
  it('closes a stage when all have signed, or after the deadline with a quorum, recording who is missing', () => {
    const panel = ['a', 'b', 'c', 'd', 'e'];
    expect(signOffState(panel, panel, rules, false)).toEqual({ closed: true, missing: [], byQuorum: false });
    expect(signOffState(panel, ['a', 'b', 'c'], rules, true)).toMatchObject({ closed: false, missing: ['d', 'e'] }); // no quorum by default
    const quorum = { ...rules, signQuorumAfterDeadline: 0.6 };
    expect(signOffState(panel, ['a', 'b', 'c'], quorum, false).closed).toBe(false); // not before the deadline
    expect(signOffState(panel, ['a', 'b', 'c'], quorum, true)).toEqual({ closed: true, missing: ['d', 'e'], byQuorum: true });
    expect(signOffState(panel, ['a', 'b'], quorum, true).closed).toBe(false);
  });

  it('gives the improvement per indicator from the weighted stages and the baseline, negative too', () => {
    const report = stageResult('report', [{ reviewerId: 'r', scores: { a: 80, b: 60 } }], ['a', 'b'], rules);
    const onsite = stageResult('onsite', [{ reviewerId: 'r', scores: { a: 90, b: 55 } }], ['a', 'b'], rules);
    // a: 0.4 × 80 + 0.6 × 90 = 86 → 86 − 70.5 = 15.5; b: 0.4 × 60 + 0.6 × 55 = 57 → 57 − 60.05 = −3.05 → −3.1
    expect(improvement([report, onsite], { a: 70.5, b: 60.05 }, rules)).toEqual({ a: 15.5, b: -3.1 });
  });
});
