import { munkres } from 'munkres';
import { z } from 'zod';
import type { LocalizedText } from './templates';

/**
 * 1+X pairing (搭对): every potential school gets exactly one mentor school, each mentor at most
 * `capacity` schools. The proposal minimises a stated cost, exactly (a rectangular assignment
 * solved by the Hungarian method, each mentor expanded into `capacity` seats):
 *
 *   cost(school, mentor, seat) = uncovered × (weak indicators of the school the mentor has no practice on)
 *                              + otherDistrict × (1 if they are in different 学区)
 *                              + load × seat        (the k-th school of a mentor costs k: loads even out)
 *
 * Pinned pairs are kept (and take their mentor's first seats); forbidden pairs are never made.
 * The same input gives the same proposal.
 */
export const pairingRulesSchema = z.object({
  capacity: z.number().int().min(1).max(50).default(4),
  weights: z
    .object({ uncovered: z.number().min(0).default(10), otherDistrict: z.number().min(0).default(3), load: z.number().min(0).default(1) })
    .default({ uncovered: 10, otherDistrict: 3, load: 1 }),
});
export type PairingRules = z.infer<typeof pairingRulesSchema>;
export const defaultPairingRules: PairingRules = { capacity: 4, weights: { uncovered: 10, otherDistrict: 3, load: 1 } };

export interface PotentialSchool {
  id: string;
  name: string;
  district: string;
  /** Its weakest indicators (from the baseline self-assessment or scores). */
  weak: string[];
}

export interface MentorSchool {
  id: string;
  name: string;
  district: string;
  /** Indicators it has replicable practices on. */
  strengths: string[];
}

export interface PairingInput {
  potentials: PotentialSchool[];
  mentors: MentorSchool[];
  rules: PairingRules;
  pins?: { potentialId: string; mentorId: string }[];
  forbids?: { potentialId: string; mentorId: string }[];
  indicatorNames: Record<string, LocalizedText>;
}

export interface ProposedPair {
  potentialId: string;
  mentorId: string;
  pinned: boolean;
  covers: string[];
  sameDistrict: boolean;
  cost: number;
  explanation: LocalizedText;
}

export type PairingResult =
  | { ok: true; pairs: ProposedPair[]; totalCost: number; objective: LocalizedText }
  | { ok: false; problem: LocalizedText };

export const objective: LocalizedText = {
  zh: '总代价最小：每个未被导师校覆盖的薄弱指标计 10，跨学区计 3，导师校每多带一所学校依次加 1（负担均衡）',
  en: 'Least total cost: 10 per weak indicator the mentor has no practice on, 3 for a different district, and 1, 2, 3 … for each further school a mentor takes (even load)',
};

const FORBIDDEN = 1e9;

export function pairCost(p: PotentialSchool, m: MentorSchool, seat: number, w: PairingRules['weights']): number {
  const uncovered = p.weak.filter((k) => !m.strengths.includes(k)).length;
  return w.uncovered * uncovered + w.otherDistrict * (p.district === m.district ? 0 : 1) + w.load * seat;
}

export function proposePairing(input: PairingInput): PairingResult {
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const potentials = byId(input.potentials);
  const mentors = byId(input.mentors);
  const { capacity, weights } = input.rules;
  const pins = input.pins ?? [];
  const forbidden = new Set((input.forbids ?? []).map((f) => `${f.potentialId}|${f.mentorId}`));
  const pinnedOf = new Map<string, string>();
  const seatsTaken = new Map<string, number>();
  for (const pin of pins) {
    if (forbidden.has(`${pin.potentialId}|${pin.mentorId}`)) return { ok: false, problem: { zh: '同一对学校既被固定又被禁止', en: 'A pair is both pinned and forbidden' } };
    if (pinnedOf.has(pin.potentialId)) return { ok: false, problem: { zh: '一所潜力校只能固定一所导师校', en: 'A potential school can be pinned to one mentor only' } };
    pinnedOf.set(pin.potentialId, pin.mentorId);
    seatsTaken.set(pin.mentorId, (seatsTaken.get(pin.mentorId) ?? 0) + 1);
  }
  for (const [mentorId, n] of seatsTaken) {
    if (n > capacity) return { ok: false, problem: { zh: `固定给同一导师校的学校（${n} 所）超过每校上限 ${capacity} 所`, en: `${n} schools are pinned to one mentor; the limit is ${capacity}` } };
    if (!mentors.some((m) => m.id === mentorId)) return { ok: false, problem: { zh: '固定的导师校不在导师校名单中', en: 'A pinned mentor is not on the mentor list' } };
  }
  const free = potentials.filter((p) => !pinnedOf.has(p.id));
  const seats: { mentor: MentorSchool; seat: number }[] = [];
  for (const m of mentors) for (let s = seatsTaken.get(m.id) ?? 0; s < capacity; s += 1) seats.push({ mentor: m, seat: s });
  if (free.length > seats.length) {
    return { ok: false, problem: { zh: `潜力校 ${potentials.length} 所，超过导师校可带的 ${mentors.length * capacity} 所（每校最多 ${capacity} 所）`, en: `${potentials.length} potential schools exceed what ${mentors.length} mentors can take at ${capacity} each` } };
  }

  const chosen = new Map<string, { mentor: MentorSchool; seat: number }>();
  if (free.length > 0) {
    const matrix = free.map((p) => seats.map(({ mentor, seat }) => (forbidden.has(`${p.id}|${mentor.id}`) ? FORBIDDEN : pairCost(p, mentor, seat, weights))));
    for (const [row, col] of munkres(matrix)) {
      if (matrix[row]![col]! >= FORBIDDEN) {
        return { ok: false, problem: { zh: `${free[row]!.name} 没有可结对的导师校（其余均被禁止或已满）`, en: `${free[row]!.name} has no mentor left that is allowed and has room` } };
      }
      chosen.set(free[row]!.id, seats[col]!);
    }
  }
  const assignment = new Map<string, string>();
  for (const p of potentials) assignment.set(p.id, pinnedOf.get(p.id) ?? chosen.get(p.id)!.mentor.id);
  return evaluateAssignment(input, assignment);
}

/**
 * Checks an assignment (the optimiser's, or the bureau's edit of it) against capacity, forbids and
 * pins, and describes each pair: its cost and why. Seats go to pinned schools first, then by id.
 */
export function evaluateAssignment(input: PairingInput, assignment: Map<string, string>): PairingResult {
  const { capacity, weights } = input.rules;
  const pinned = new Map((input.pins ?? []).map((p) => [p.potentialId, p.mentorId]));
  const forbidden = new Set((input.forbids ?? []).map((f) => `${f.potentialId}|${f.mentorId}`));
  const potentials = [...input.potentials].sort((a, b) => Number(!pinned.has(a.id)) - Number(!pinned.has(b.id)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const mentors = new Map(input.mentors.map((m) => [m.id, m]));
  const load = new Map<string, number>();
  for (const p of potentials) {
    const mentorId = assignment.get(p.id);
    if (!mentorId || !mentors.has(mentorId)) return { ok: false, problem: { zh: `${p.name} 没有分配到名单上的导师校`, en: `${p.name} has no mentor from the mentor list` } };
    if (forbidden.has(`${p.id}|${mentorId}`)) return { ok: false, problem: { zh: `${p.name} 与 ${mentors.get(mentorId)!.name} 已被禁止结对`, en: `${p.name} may not be paired with ${mentors.get(mentorId)!.name}` } };
    if (pinned.has(p.id) && pinned.get(p.id) !== mentorId) return { ok: false, problem: { zh: `${p.name} 已固定给另一所导师校`, en: `${p.name} is pinned to another mentor` } };
    load.set(mentorId, (load.get(mentorId) ?? 0) + 1);
    if (load.get(mentorId)! > capacity) return { ok: false, problem: { zh: `${mentors.get(mentorId)!.name} 结对学校超过上限 ${capacity} 所`, en: `${mentors.get(mentorId)!.name} would take more than ${capacity} schools` } };
  }
  const seat = new Map<string, number>();
  const pairs: ProposedPair[] = [];
  let totalCost = 0;
  for (const p of potentials) {
    const m = mentors.get(assignment.get(p.id)!)!;
    const s = seat.get(m.id) ?? 0;
    seat.set(m.id, s + 1);
    const cost = pairCost(p, m, s, weights);
    totalCost += cost;
    const covers = p.weak.filter((k) => m.strengths.includes(k));
    const sameDistrict = p.district === m.district;
    const names = (lang: 'zh' | 'en') => covers.map((k) => input.indicatorNames[k]?.[lang] ?? k);
    const isPinned = pinned.has(p.id);
    pairs.push({
      potentialId: p.id,
      mentorId: m.id,
      pinned: isPinned,
      covers,
      sameDistrict,
      cost,
      explanation: {
        zh: `${isPinned ? '（固定）' : ''}${m.name}：${covers.length > 0 ? `覆盖薄弱指标 ${names('zh').join('、')}` : '未覆盖其薄弱指标'}；${sameDistrict ? `同一学区 ${m.district}` : `跨学区（${p.district} / ${m.district}）`}；该导师校共带 ${load.get(m.id)} 所`,
        en: `${isPinned ? '(pinned) ' : ''}${m.name}: ${covers.length > 0 ? `covers ${names('en').join(', ')}` : 'covers none of its weak indicators'}; ${sameDistrict ? `same district ${m.district}` : `different districts (${p.district} / ${m.district})`}; the mentor takes ${load.get(m.id)}`,
      },
    });
  }
  pairs.sort((a, b) => (a.potentialId < b.potentialId ? -1 : a.potentialId > b.potentialId ? 1 : 0));
  return { ok: true, pairs, totalCost, objective };
}
