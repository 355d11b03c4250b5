import { performance } from 'node:perf_hooks';
import { computeAwards, defaultAwardRules, type SchoolFacts } from '../domain/awards';

/**
 * Awards for a campaign of 100,000 schools (a province-wide federation), from their facts.
 *
 *   npm run bench:awards        (BENCH_SCHOOLS to vary)
 */
const N = Number(process.env.BENCH_SCHOOLS ?? 100_000);
let seed = 7;
const r = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const schools: SchoolFacts[] = Array.from({ length: N }, (_, i) => {
  const role = i % 10 === 0 ? 'mentor' : i % 10 === 1 ? 'seed' : 'potential';
  return {
    schoolId: `s${String(i).padStart(6, '0')}`,
    name: `学校${i}`,
    role,
    metrics: role === 'mentor' ? { partnerMeanImprovement: r() * 30, partnersMeetingShare: r() } : role === 'potential' ? { improvementTotal: r() * 40, indicatorsMetShare: Math.floor(r() * 9) / 8 } : {},
  };
});
const started = performance.now();
const outcomes = computeAwards(schools, defaultAwardRules);
const ms = performance.now() - started;
const count = (k: string | null) => outcomes.filter((o) => o.category === k).length;
console.log(`awards for ${N} schools: ${(ms / 1000).toFixed(2)} s`);
console.log(`contribution ${count('contribution')}, model ${count('model')}, progress ${count('progress')}, standard ${count('standard')}, vetoed ${outcomes.filter((o) => o.vetoed).length}`);
