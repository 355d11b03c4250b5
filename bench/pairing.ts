import { performance } from 'node:perf_hooks';
import { defaultPairingRules, proposePairing, type MentorSchool, type PotentialSchool } from '../domain/pairing';
import { changleDemonstrationTemplate } from '../domain/templates';

/**
 * A pairing proposal at county-federation scale: 2,000 potential schools, 500 mentors.
 *
 *   npm run bench:pairing        (BENCH_POTENTIALS, BENCH_MENTORS, BENCH_CAPACITY to vary)
 */
const P = Number(process.env.BENCH_POTENTIALS ?? 2000);
const M = Number(process.env.BENCH_MENTORS ?? 500);
const capacity = Number(process.env.BENCH_CAPACITY ?? 5);
const keys = changleDemonstrationTemplate.indicators.map((i) => i.key);
const names = Object.fromEntries(changleDemonstrationTemplate.indicators.map((i) => [i.key, i.name]));
let seed = 42;
const r = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const districts = Array.from({ length: 20 }, (_, i) => `学区${i + 1}`);
const potentials: PotentialSchool[] = Array.from({ length: P }, (_, i) => ({ id: `p${String(i).padStart(5, '0')}`, name: `潜力校${i}`, district: districts[Math.floor(r() * districts.length)]!, weak: keys.filter(() => r() < 0.3) }));
const mentors: MentorSchool[] = Array.from({ length: M }, (_, i) => ({ id: `m${String(i).padStart(4, '0')}`, name: `导师校${i}`, district: districts[Math.floor(r() * districts.length)]!, strengths: keys.filter(() => r() < 0.35) }));
const pins = Array.from({ length: 50 }, (_, i) => ({ potentialId: potentials[i * 7]!.id, mentorId: mentors[i * 3]!.id }));
const forbids = Array.from({ length: 200 }, (_, i) => ({ potentialId: potentials[(i * 13) % P]!.id, mentorId: mentors[(i * 11) % M]!.id })).filter((f) => !pins.some((p) => p.potentialId === f.potentialId));

const started = performance.now();
const result = proposePairing({ potentials, mentors, rules: { ...defaultPairingRules, capacity }, pins, forbids, indicatorNames: names });
const ms = performance.now() - started;
if (!result.ok) {
  console.error(result.problem.en);
  process.exit(1);
}
const same = result.pairs.filter((p) => p.sameDistrict).length;
const covered = result.pairs.filter((p) => p.covers.length > 0).length;
console.log(`pairing ${P} potential schools with ${M} mentors (≤ ${capacity} each, 50 pins, ${forbids.length} forbids): ${(ms / 1000).toFixed(2)} s`);
console.log(`total cost ${result.totalCost}; same district ${same}/${P}; at least one weak indicator covered ${covered}/${P}`);
