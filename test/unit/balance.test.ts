import { coefficientOfVariation, countyCoefficients, evaluateSection, inScope, type SectionInput } from '../../domain/balance';
import { planToPass } from '../../domain/what-it-takes';

// The national method's worked example: five primary schools, 302 pupils, 1,913 library books.
const books = [
  { pupils: 45, books: 279 },
  { pupils: 37, books: 137 },
  { pupils: 89, books: 935 },
  { pupils: 76, books: 160 },
  { pupils: 55, books: 402 },
];

const passing: SectionInput['resources'] = { qualifiedTeachers: 5, backboneTeachers: 1.2, peArtsTeachers: 1, teachingSpace: 500, sportsSpace: 800, equipment: 250000, multimediaRooms: 3 };
const section = (o: Omit<Partial<SectionInput>, 'resources'> & { resources?: Partial<SectionInput['resources']> }): SectionInput => ({
  schoolId: o.schoolId ?? 's', name: o.name ?? '测试小学', level: o.level ?? 'primary', kind: o.kind, pupils: o.pupils ?? 100, resources: { ...passing, ...(o.resources ?? {}) },
});

describe('差异系数 (enrolment-weighted coefficient of variation)', () => {
  it('reproduces the worked example: X̄ ≈ 6.33, S ≈ 3.26, CV ≈ 0.52', () => {
    const { mean, sd, cv } = coefficientOfVariation(books.map((b) => ({ pupils: b.pupils, value: b.books / b.pupils })));
    expect(mean).toBeCloseTo(1913 / 302, 10);
    expect(Math.round(mean * 100) / 100).toBe(6.33);
    expect(Math.round(sd * 100) / 100).toBe(3.26);
    expect(Math.round(cv * 100) / 100).toBe(0.52);
  });

  it('names the schools that pull a coefficient up most', () => {
    const sections = books.map((b, i) => section({ schoolId: `p${i + 1}`, name: `小学${i + 1}`, pupils: b.pupils, resources: { equipment: b.books * 1000 } }));
    const equipment = countyCoefficients(sections).find((c) => c.indicator === 'equipment')!;
    expect(Math.round(equipment.cv * 100) / 100).toBe(0.52);
    expect(equipment.passes).toBe(false); // 0.52 > 0.50
    // School 3 (10.51 a pupil) adds 5.13 of the 10.65, school 4 (2.11) 4.50.
    expect(equipment.pulledUpBy.slice(0, 2).map((p) => p.schoolId)).toEqual(['p3', 'p4']);
  });
});

describe('a school against the thresholds', () => {
  it('passes at exactly the threshold (4.2 qualified teachers per 100 pupils)', () => {
    expect(evaluateSection(section({ pupils: 1000, resources: { qualifiedTeachers: 41.9 } })).missed.map((m) => m.indicator)).toContain('qualifiedTeachers'); // 4.19
    const exact = evaluateSection(section({ pupils: 1000, resources: { qualifiedTeachers: 42, backboneTeachers: 10, peArtsTeachers: 9, teachingSpace: 4500, sportsSpace: 7500, equipment: 2_000_000, multimediaRooms: 23 } }));
    expect(exact.values.qualifiedTeachers).toBe(4.2);
    expect(exact.met).toHaveLength(7);
    expect(exact.passes).toBe(true);
  });

  it('needs 6 of 7 met and the seventh at ≥ 85 % of its threshold', () => {
    // Sports space 6.5 m² a pupil against 7.5: 86.7 % — passes; 6.0: 80 % — fails.
    const near = evaluateSection(section({ pupils: 100, resources: { sportsSpace: 650 } }));
    expect(near.passes).toBe(true);
    const far = evaluateSection(section({ pupils: 100, resources: { sportsSpace: 600 } }));
    expect(far.passes).toBe(false);
    expect(far.explanation.zh).toContain('生均体育运动场馆面积（㎡） 6，差 1.5（达标准的 80%）');
    const twoShort = evaluateSection(section({ pupils: 100, resources: { sportsSpace: 700, multimediaRooms: 2.2 } }));
    expect(twoShort.passes).toBe(false); // two missed, however close
  });

  it('counts a nine-year school as two sections against their own levels', () => {
    const primary = evaluateSection(section({ schoolId: 'n', level: 'primary', pupils: 600, resources: { teachingSpace: 600 * 5 } }));
    const junior = evaluateSection(section({ schoolId: 'n', level: 'junior', pupils: 300, resources: { teachingSpace: 300 * 5 } }));
    expect(primary.met).toContain('teachingSpace'); // 5.0 ≥ 4.5
    expect(junior.missed.map((m) => m.indicator)).toContain('teachingSpace'); // 5.0 < 5.8
  });

  it('leaves a teaching point under 50 pupils, and special schools, out of the coefficients', () => {
    expect(inScope(section({ kind: 'teaching_point', pupils: 49 })).included).toBe(false);
    expect(inScope(section({ kind: 'teaching_point', pupils: 50 })).included).toBe(true);
    expect(inScope(section({ kind: 'special' })).reason?.zh).toContain('特殊教育');
    const withPoint = countyCoefficients([section({ schoolId: 'a', pupils: 100 }), section({ schoolId: 'b', pupils: 100 }), section({ schoolId: 'tiny', kind: 'teaching_point', pupils: 20, resources: { equipment: 1 } })]);
    expect(withPoint.find((c) => c.indicator === 'equipment')!.cv).toBe(0);
  });
});

describe('what it would take', () => {
  it('finds the cheapest way for a school to pass, leaving its dearest gap at 85 %', () => {
    // Short of sports ground (needs 750 m²; 85 % = 638) and of one qualified teacher (needs 5 for 100 pupils… has 4).
    const s = section({ schoolId: 'x', pupils: 100, resources: { qualifiedTeachers: 4, sportsSpace: 500 } });
    const plan = planToPass([s]);
    const byIndicator = Object.fromEntries(plan.additions.map((a) => [a.indicator, a.units]));
    // Teachers: 4.2 needs 1 more (150,000) vs 85 % needing 0 → saving 150,000.
    // Sports: 750 needs 250 m² (200,000) vs 638 needs 138 m² (110,400) → saving 89,600. The teacher gap is left at 85 %.
    expect(byIndicator).toEqual({ sportsSpace: 250 });
    expect(plan.totalCost).toBe(200_000);
    expect(plan.verified).toEqual({ everySchoolPasses: true, everyCoefficientUnderLimit: true });
  });

  it('brings a coefficient under its limit by raising the lowest schools, verified by recomputation', () => {
    const sections = books.map((b, i) => section({ schoolId: `p${i + 1}`, pupils: b.pupils, resources: { equipment: b.books * 1000 + 2000 * b.pupils } }));
    expect(countyCoefficients(sections).find((c) => c.indicator === 'equipment')!.passes).toBe(true);
    const spread = books.map((b, i) => section({ schoolId: `p${i + 1}`, pupils: b.pupils, resources: { equipment: (b.books / b.pupils) ** 2 * 100 * b.pupils + 2000 * b.pupils } }));
    const before = countyCoefficients(spread).find((c) => c.indicator === 'equipment')!;
    expect(before.passes).toBe(false);
    const plan = planToPass(spread);
    expect(plan.verified).toEqual({ everySchoolPasses: true, everyCoefficientUnderLimit: true });
    expect(plan.additions.every((a) => a.indicator === 'equipment' && a.why === 'coefficient')).toBe(true);
    // The richest school gets nothing; the poorest gets the most.
    const units = Object.fromEntries(plan.additions.map((a) => [a.schoolId, a.units]));
    expect(units.p3).toBeUndefined();
    expect(units.p4).toBeGreaterThan(units.p1 ?? 0);
    expect(planToPass(spread)).toEqual(plan); // deterministic
  });
});
