import { formatShanghai } from './time-format';

/** A reminder as a person reads it: Chinese first, English beside; what, by when, and where. */
export interface ReminderText {
  subject: string;
  body: string;
}

export interface ReminderFacts {
  bureauName: string;
  what: { zh: string; en: string };
  owed: { zh: string; en: string };
  deadline: Date;
  overdue: boolean;
  link: string;
}

export function reminderText(f: ReminderFacts, language: 'zh' | 'en' = 'zh'): ReminderText {
  const when = formatShanghai(f.deadline);
  const zhSubject = f.overdue ? `【逾期】${f.what.zh}已于 ${when} 截止` : `【提醒】${f.what.zh}将于 ${when} 截止`;
  const enSubject = f.overdue ? `[Overdue] ${f.what.en} was due ${when} Beijing time` : `[Reminder] ${f.what.en} is due ${when} Beijing time`;
  const zhBody = `${f.bureauName}：${f.what.zh}${f.overdue ? '已于' : '将于'} ${when}（北京时间）截止。待办：${f.owed.zh}。请登录处理：${f.link}`;
  const enBody = `${f.what.en} ${f.overdue ? 'was' : 'is'} due ${when} Beijing time. Still owed: ${f.owed.en}. Open: ${f.link}`;
  return language === 'en'
    ? { subject: enSubject, body: `${enBody}\n\n${zhBody}` }
    : { subject: zhSubject, body: `${zhBody}\n\n${enBody}` };
}
