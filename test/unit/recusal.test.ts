import { recusalFor } from '../../domain/recusal';

const reviewer = { schoolId: 'own', conflicts: [{ schoolId: 'cousin', reason: '表亲任该校副校长' }] };

describe('recusal (回避)', () => {
  it('keeps a reviewer off their own school', () => {
    expect(recusalFor(reviewer, 'own')).toMatchObject({ code: 'own_school', reason: { zh: expect.stringContaining('本人所在学校') } });
  });

  it('keeps a reviewer off schools paired with their own, in either direction', () => {
    const pairs = [{ mentorSchoolId: 'own', partnerSchoolId: 'partner' }, { mentorSchoolId: 'mentor', partnerSchoolId: 'own' }];
    expect(recusalFor(reviewer, 'partner', pairs)?.code).toBe('paired_school');
    expect(recusalFor(reviewer, 'mentor', pairs)?.code).toBe('paired_school');
    expect(recusalFor(reviewer, 'elsewhere', pairs)).toBeNull();
  });

  it('keeps a reviewer off a school they declared a conflict with, quoting the reason', () => {
    expect(recusalFor(reviewer, 'cousin')?.reason.zh).toContain('表亲任该校副校长');
  });

  it('lets an outside expert (no school) review any school without a declared conflict', () => {
    expect(recusalFor({ schoolId: null, conflicts: [] }, 'own')).toBeNull();
    expect(recusalFor({ schoolId: null, conflicts: [] }, 'partner', [{ mentorSchoolId: 'own', partnerSchoolId: 'partner' }])).toBeNull();
  });
});
