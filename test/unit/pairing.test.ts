import { defaultMentorRule, mentorVerdict, type Rating } from '../../domain/mentor-rule';
import { defaultPairingRules, pairCost, proposePairing, type MentorSchool, type PairingRules, type PotentialSchool } from '../../domain/pairing';
import { changleDemonstrationTemplate } from '../../domain/templates';

const indicators = changleDemonstrationTemplate.indicators;
const names = Object.fromEntries(indicators.map((i) => [i.key, i.name]));
const keys = indicators.map((i) => i.key);

describe('mentor rule (seed 001: all 8 excellent and practices on 2+ indicators)', () => {
  const all = (r: Rating) => Object.fromEntries(keys.map((k) => [k, r])) as Record<string, Rating>;

  it('makes a mentor of a school excellent everywhere with practices on two indicators, and says why', () => {
    const v = mentorVerdict(defaultMentorRule, indicators, { ratings: all('excellent'), practices: [{ indicatorKey: 'teachers', title: '青蓝工程' }, { indicatorKey: 'teaching_quality', title: '一课三研' }, { indicatorKey: 'teachers', title: '名师工作室' }] });
    expect(v.mentor).toBe(true);
    expect(v.explanation.zh).toBe('导师型学校：8/8 项优秀，可复制经验涉及教师队伍（专业成长）、教学质量');
  });

  it('refuses, with the shortfall named, one category short or one practice indicator short', () => {
    const sevenOfEight = mentorVerdict(defaultMentorRule, indicators, { ratings: { ...all('excellent'), campus_culture: 'good' }, practices: [{ indicatorKey: 'teachers', title: 'a' }, { indicatorKey: 'management', title: 'b' }] });
    expect(sevenOfEight.mentor).toBe(false);
    expect(sevenOfEight.explanation.zh).toContain('7/8 项优秀（需 8 项）');
    const onePractice = mentorVerdict(defaultMentorRule, indicators, { ratings: all('excellent'), practices: [{ indicatorKey: 'teachers', title: 'a' }, { indicatorKey: 'teachers', title: 'b' }] });
    expect(onePractice.mentor).toBe(false);
    expect(onePractice.explanation.en).toContain('needs 2 indicators');
  });

  it('is data: another template may ask for 6 excellent and 1 practice', () => {
    const v = mentorVerdict({ minExcellent: 6, minPracticeIndicators: 1 }, indicators, { ratings: { ...all('excellent'), resources: 'good', social_recognition: 'fair' }, practices: [{ indicatorKey: 'campus_culture', title: 'x' }] });
    expect(v.mentor).toBe(true);
  });
});

// A small deterministic generator, so failures reproduce.
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}
const districts = ['虹桥学区', '城区学区', '柳市学区'];

function instance(seed: number) {
  const r = rng(seed);
  const pick = (n: number) => keys.filter(() => r() < n / keys.length);
  const P = 1 + Math.floor(r() * 6);
  const M = 1 + Math.floor(r() * 3);
  const capacity = 1 + Math.floor(r() * 3);
  const potentials: PotentialSchool[] = Array.from({ length: P }, (_, i) => ({ id: `p${i}`, name: `潜力校${i}`, district: districts[Math.floor(r() * 3)]!, weak: pick(2) }));
  const mentors: MentorSchool[] = Array.from({ length: M }, (_, i) => ({ id: `m${i}`, name: `导师校${i}`, district: districts[Math.floor(r() * 3)]!, strengths: pick(3) }));
  const forbids = potentials.flatMap((p) => mentors.filter(() => r() < 0.15).map((m) => ({ potentialId: p.id, mentorId: m.id })));
  const pins = r() < 0.5 && P > 0 && M > 0 ? [{ potentialId: 'p0', mentorId: 'm0' }].filter((pin) => !forbids.some((f) => f.potentialId === pin.potentialId && f.mentorId === pin.mentorId)) : [];
  return { potentials, mentors, forbids, pins, rules: { ...defaultPairingRules, capacity } as PairingRules };
}

/** The best total cost by trying every assignment; null when none is feasible. */
function exhaustive(x: ReturnType<typeof instance>): number | null {
  let best: number | null = null;
  const choice: number[] = [];
  const visit = (i: number) => {
    if (i === x.potentials.length) {
      const load = new Array(x.mentors.length).fill(0) as number[];
      let cost = 0;
      x.potentials.forEach((p, j) => {
        const m = x.mentors[choice[j]!]!;
        cost += pairCost(p, m, 0, x.rules.weights);
        load[choice[j]!]! += 1;
      });
      if (load.some((l) => l > x.rules.capacity)) return;
      for (const l of load) cost += (x.rules.weights.load * l * (l - 1)) / 2;
      if (best === null || cost < best) best = cost;
      return;
    }
    const p = x.potentials[i]!;
    x.mentors.forEach((m, k) => {
      if (x.forbids.some((f) => f.potentialId === p.id && f.mentorId === m.id)) return;
      const pin = x.pins.find((pp) => pp.potentialId === p.id);
      if (pin && pin.mentorId !== m.id) return;
      choice[i] = k;
      visit(i + 1);
    });
  };
  visit(0);
  return best;
}

describe('pairing optimiser', () => {
  it('finds the optimum that exhaustive search finds, on 200 small instances (or says none exists)', () => {
    let feasible = 0;
    for (let seed = 1; seed <= 200; seed += 1) {
      const x = instance(seed);
      const best = exhaustive(x);
      const result = proposePairing({ ...x, indicatorNames: names });
      if (best === null) {
        expect(result.ok).toBe(false);
        continue;
      }
      feasible += 1;
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect({ seed, total: result.totalCost }).toEqual({ seed, total: best });
      for (const pin of x.pins) expect(result.pairs.find((p) => p.potentialId === pin.potentialId)?.mentorId).toBe(pin.mentorId);
      for (const f of x.forbids) expect(result.pairs.some((p) => p.potentialId === f.potentialId && p.mentorId === f.mentorId)).toBe(false);
    }
    expect(feasible).toBeGreaterThan(100);
  });

  it('explains each pair and gives the same answer for the same input in any order', () => {
    const potentials: PotentialSchool[] = [
      { id: 'a', name: '虹桥九小', district: '虹桥学区', weak: ['teaching_quality', 'campus_culture'] },
      { id: 'b', name: '柳市四小', district: '柳市学区', weak: ['teachers'] },
    ];
    const mentors: MentorSchool[] = [
      { id: 'x', name: '虹桥八小', district: '虹桥学区', strengths: ['teaching_quality', 'campus_culture'] },
      { id: 'y', name: '柳市实验中学', district: '柳市学区', strengths: ['teachers'] },
    ];
    const one = proposePairing({ potentials, mentors, rules: defaultPairingRules, indicatorNames: names });
    const two = proposePairing({ potentials: [...potentials].reverse(), mentors: [...mentors].reverse(), rules: defaultPairingRules, indicatorNames: names });
    expect(one).toEqual(two);
    if (!one.ok) throw new Error('expected a pairing');
    expect(one.pairs.map((p) => [p.potentialId, p.mentorId])).toEqual([['a', 'x'], ['b', 'y']]);
    expect(one.pairs[0]!.explanation.zh).toBe('虹桥八小：覆盖薄弱指标 教学质量、校园文化；同一学区 虹桥学区；该导师校共带 1 所');
    expect(one.totalCost).toBe(0);
  });

  it('balances load between equally good mentors and says when capacity runs out', () => {
    const potentials: PotentialSchool[] = Array.from({ length: 4 }, (_, i) => ({ id: `p${i}`, name: `p${i}`, district: 'd', weak: [] }));
    const mentors: MentorSchool[] = [{ id: 'm0', name: 'm0', district: 'd', strengths: [] }, { id: 'm1', name: 'm1', district: 'd', strengths: [] }];
    const r = proposePairing({ potentials, mentors, rules: { ...defaultPairingRules, capacity: 3 }, indicatorNames: names });
    if (!r.ok) throw new Error('expected a pairing');
    expect(r.pairs.filter((p) => p.mentorId === 'm0')).toHaveLength(2);
    const full = proposePairing({ potentials, mentors, rules: { ...defaultPairingRules, capacity: 1 }, indicatorNames: names });
    expect(full).toMatchObject({ ok: false, problem: { zh: expect.stringContaining('超过导师校可带的 2 所') } });
  });
});
