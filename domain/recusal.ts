import type { LocalizedText } from './templates';

/** What the recusal rules (回避) know about a reviewer. */
export interface ReviewerProfile {
  /** The school the reviewer works at, if any. */
  schoolId: string | null;
  /** Conflicts the reviewer declared, by school. */
  conflicts: readonly { schoolId: string; reason: string }[];
}

/** Approved 1+X pairs of the campaign (mentor school, partner school); empty until pairing. */
export interface Pair {
  mentorSchoolId: string;
  partnerSchoolId: string;
}

export interface Recusal {
  code: 'own_school' | 'paired_school' | 'declared_conflict';
  reason: LocalizedText;
}

/**
 * Whether a reviewer must stay away from a school, and why: nobody reviews their own school, a
 * school their own school mentors or is paired with, or a school they declared a conflict with.
 * Null when the reviewer may review it.
 */
export function recusalFor(reviewer: ReviewerProfile, schoolId: string, pairs: readonly Pair[] = []): Recusal | null {
  if (reviewer.schoolId && reviewer.schoolId === schoolId) {
    return { code: 'own_school', reason: { zh: '评审专家不得评审本人所在学校', en: "A reviewer may not review their own school" } };
  }
  if (reviewer.schoolId) {
    const own = reviewer.schoolId;
    const paired = pairs.some(
      (p) => (p.mentorSchoolId === own && p.partnerSchoolId === schoolId) || (p.partnerSchoolId === own && p.mentorSchoolId === schoolId),
    );
    if (paired) {
      return { code: 'paired_school', reason: { zh: '该校与评审专家所在学校结对（1+X），须回避', en: "The school is paired (1+X) with the reviewer's own school" } };
    }
  }
  const conflict = reviewer.conflicts.find((c) => c.schoolId === schoolId);
  if (conflict) {
    return { code: 'declared_conflict', reason: { zh: `评审专家已申报利益冲突：${conflict.reason}`, en: `The reviewer declared a conflict of interest: ${conflict.reason}` } };
  }
  return null;
}
