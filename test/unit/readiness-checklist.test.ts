import { checklistCatalogue, checklistStanding, resolveDepartment, submissionMeets, type ItemState } from '../../domain/readiness-checklist';

const all = (over: Partial<Record<string, Partial<ItemState>>> = {}): ItemState[] =>
  checklistCatalogue.map((d) => ({ code: d.code, status: 'accepted', met: true, value: d.atLeast ?? null, dueOn: '2026-12-31', leadDepartment: 'd1', assisting: [], ...over[d.code] }));

it('holds the seed’s 15 government and 9 quality indicators, the survey and six veto conditions', () => {
  const count = (c: string) => checklistCatalogue.filter((i) => i.category === c).length;
  expect([count('government'), count('quality'), count('recognition'), count('veto')]).toEqual([15, 9, 1, 6]);
  expect(new Set(checklistCatalogue.map((i) => i.code)).size).toBe(31);
});

it('resolves departments by the seed’s name, another bureau’s name for them, or a code', () => {
  const depts = [{ id: 'a', code: 'dudao', name: '督导室' }, { id: 'b', code: 'x', name: '组织人事科' }, { id: 'c', code: 'jijiao', name: '基础教育股' }];
  const survey = checklistCatalogue.find((i) => i.code === 'S01')!;
  expect(resolveDepartment(survey.lead, depts)).toBe('a');
  expect(resolveDepartment(checklistCatalogue.find((i) => i.code === 'G12')!.lead, depts)).toBe('b');
  expect(resolveDepartment(checklistCatalogue.find((i) => i.code === 'G04')!.lead, depts)).toBe('c');
  expect(resolveDepartment(checklistCatalogue.find((i) => i.code === 'G06')!.lead, depts)).toBeNull();
});

it('measures the survey against 85 %: exactly 85 % passes, 84.9 % does not', () => {
  const survey = checklistCatalogue.find((i) => i.code === 'S01')!;
  expect(submissionMeets(survey, { value: 0.85 })).toBe(true);
  expect(submissionMeets(survey, { value: 0.849 })).toBe(false);
  expect(submissionMeets(survey, { met: true })).toBe(false); // a share is needed, not a claim
});

it('passes only when every item is accepted and met, the survey reached and no veto condition present', () => {
  expect(checklistStanding(all(), '2026-11-23')).toMatchObject({ complete: true, passes: true, gaps: [] });
  const veto = checklistStanding(all({ V03: { met: false } }), '2026-11-23');
  expect(veto).toMatchObject({ complete: true, passes: false });
  expect(veto.gaps).toEqual([{ code: 'V03', zh: '一票否决：存在重点学校或重点班', en: expect.stringContaining('Key schools') }]);
  const survey = checklistStanding(all({ S01: { met: false, value: 0.82 } }), '2026-11-23');
  expect(survey.gaps[0]!.zh).toContain('实际 82%，未达 85%');
  expect(survey.byCategory.recognition).toEqual({ items: 1, accepted: 1, met: 0 });
});

it('lists what is owed overdue first, then by date, and what awaits review', () => {
  const s = checklistStanding(all({ G01: { status: 'open', dueOn: '2026-12-01' }, G02: { status: 'returned', dueOn: '2026-11-01' }, Q01: { status: 'open', dueOn: '2026-11-20' }, Q02: { status: 'submitted' } }), '2026-11-23');
  expect(s.owed.map((o) => [o.code, o.overdue])).toEqual([['G02', true], ['Q01', true], ['G01', false]]);
  expect(s.awaitingReview).toEqual(['Q02']);
  expect(s).toMatchObject({ complete: false, passes: false });
  expect(s.explanation.zh).toBe('已验收 27/31 项；3 项待报送（逾期 2 项）；1 项待审核');
});
