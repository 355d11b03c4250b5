/** A seed application as GET /campaigns/{id}/applications answers it (the school's and the bureau's pages). */
export interface Application {
  id: string;
  school_id: string;
  self_assessment: Record<string, { level: string; note?: string }>;
  statement: string;
  status: 'submitted' | 'passed' | 'rejected';
  decision_reason: string | null;
  decided_at: string | null;
  submitted_at: string;
  recheckDueAt: string | null;
}

/** The four levels of a self-assessment, baseline or mentor rating. */
export type Level = 'excellent' | 'good' | 'fair' | 'weak';
export const levelOptions: { value: Level; label: string }[] = [
  { value: 'excellent', label: '优秀 Excellent' },
  { value: 'good', label: '良好 Good' },
  { value: 'fair', label: '一般 Fair' },
  { value: 'weak', label: '薄弱 Weak' },
];
/** A level's label by its value (an unknown value looks up nothing). */
export const levelText: Record<string, string> = Object.fromEntries(levelOptions.map((o) => [o.value, o.label]));
/** A level's label, or the value itself when it is not a level. */
export const levelLabel = (v: string) => levelOptions.find((o) => o.value === v)?.label ?? v;
