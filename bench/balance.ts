import { performance } from 'node:perf_hooks';
import { countyCoefficients, evaluateSection, type SectionInput } from '../domain/balance';
import { planToPass } from '../domain/what-it-takes';

/**
 * A national run of the 优质均衡 resource indicators: per-school results for 200,000 school sections
 * and the coefficients of 2,800 counties.
 *
 *   npm run bench:balance        (BENCH_SECTIONS to vary)
 */
const N = Number(process.env.BENCH_SECTIONS ?? 200_000);
const COUNTIES = 2800;
let seed = 11;
const r = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const sections: (SectionInput & { county: number })[] = Array.from({ length: N }, (_, i) => {
  const pupils = 50 + Math.floor(r() * 2000);
  return {
    county: i % COUNTIES,
    schoolId: `s${i}`,
    name: `学校${i}`,
    level: r() < 0.6 ? 'primary' : 'junior',
    pupils,
    resources: {
      qualifiedTeachers: pupils * (0.03 + r() * 0.03), backboneTeachers: pupils * (0.005 + r() * 0.01), peArtsTeachers: pupils * (0.006 + r() * 0.006),
      teachingSpace: pupils * (3 + r() * 4), sportsSpace: pupils * (5 + r() * 8), equipment: pupils * (1500 + r() * 1500), multimediaRooms: pupils * (0.015 + r() * 0.015),
    },
  };
});
const t0 = performance.now();
let passing = 0;
for (const s of sections) if (evaluateSection(s).passes) passing += 1;
const t1 = performance.now();
const byCounty = new Map<number, SectionInput[]>();
for (const s of sections) byCounty.set(s.county, [...(byCounty.get(s.county) ?? []), s]);
let coefficients = 0;
for (const list of byCounty.values()) coefficients += countyCoefficients(list).length;
const t2 = performance.now();
console.log(`per-school results for ${N} sections: ${((t1 - t0) / 1000).toFixed(2)} s (${passing} pass)`);
console.log(`coefficients for ${byCounty.size} counties (${coefficients} indicator × level values): ${((t2 - t1) / 1000).toFixed(2)} s`);
console.log(`together: ${((t2 - t0) / 1000).toFixed(2)} s`);

// The what-would-it-take plan for one county of 300 school sections.
const county = sections.slice(0, 300).map((s, i) => ({ ...s, county: 0, resources: { ...s.resources, sportsSpace: s.resources.sportsSpace * (i % 3 === 0 ? 0.5 : 1) } }));
const t3 = performance.now();
const plan = planToPass(county);
const t4 = performance.now();
console.log(`what it would take for a county of ${county.length} sections: ${((t4 - t3) / 1000).toFixed(2)} s — ${plan.additions.length} additions, ${(plan.totalCost / 10_000).toFixed(0)} 万元, verified ${JSON.stringify(plan.verified)}`);
