import { deadlineFor } from '../../domain/calendar';
import { objectionBodySchema, windowStateAt } from '../../domain/publicity';

describe('publicity window (公示期)', () => {
  // Published Tuesday 2026-09-29. Five working days count from the next day: Wed 09-30, then the
  // National Day holiday (10-01 … 10-07), Thu 10-08, Fri 10-09, Saturday 10-10 (a 调休 working
  // day), Sunday 10-11 off, Monday 10-12. The window ends at 24:00 of Monday 10-12, Beijing time.
  const publishedAt = new Date('2026-09-29T10:00:00+08:00');
  const closesAt = deadlineFor(publishedAt, { amount: 5, unit: 'working_days' });

  it('ends at 24:00 of its fifth working day across a holiday and a make-up working Saturday', () => {
    expect(closesAt.toISOString()).toBe('2026-10-12T16:00:00.000Z');
  });

  it('accepts an objection one second before the end and refuses one a second after', () => {
    const w = { opensAt: publishedAt, closesAt, status: 'open' as const };
    expect(windowStateAt(w, new Date(closesAt.getTime() - 1000))).toBe('open');
    expect(windowStateAt(w, new Date(closesAt.getTime() + 1000))).toBe('closed');
    expect(windowStateAt(w, closesAt)).toBe('closed'); // 24:00 itself belongs to the next day
    expect(windowStateAt(w, new Date(publishedAt.getTime() - 1000))).toBe('not_open');
    expect(windowStateAt({ ...w, status: 'finalised' }, new Date(closesAt.getTime() - 1000))).toBe('finalised');
  });
});

describe('objection form', () => {
  const base = { facts: '该校未达到课程建设指标', reasons: '见附件' };

  it('requires a real name: a unit with a contact, or a person with unit and phone', () => {
    expect(objectionBodySchema.safeParse({ ...base, submitter: { kind: 'person', name: '张三', unit: '某小学', phone: '13800000000' } }).success).toBe(true);
    expect(objectionBodySchema.safeParse({ ...base, submitter: { kind: 'unit', unitName: '某某家长委员会', contactName: '李四', contactPhone: '0577-12345678' } }).success).toBe(true);
    const noPhone = objectionBodySchema.safeParse({ ...base, submitter: { kind: 'person', name: '张三', unit: '某小学' } });
    expect(noPhone.success).toBe(false);
    expect(noPhone.error?.issues[0]?.path).toEqual(['submitter', 'phone']);
  });

  it('accepts only listed evidence types', () => {
    const exe = objectionBodySchema.safeParse({ ...base, evidence: [{ filename: 'x.exe', contentType: 'application/x-msdownload', dataBase64: 'AAAA' }] });
    expect(exe.success).toBe(false);
  });
});
