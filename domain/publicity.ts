import { z } from 'zod';
import { deadlineFor, type Duration } from './calendar';
import type { LocalizedText } from './templates';

/**
 * Publicity windows (公示) and objections (异议): who may object, when a window accepts one, and
 * when an objection's handler is reminded and the bureau is told it is overdue.
 */

export const EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;
export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

const phone = z.string().trim().regex(/^[0-9+\-\s()]{5,30}$/, '请填写可联系的电话 / a phone number to reach you');
const text = (max: number) => z.string().trim().min(1).max(max);

/** Real name is required (不予受理 otherwise): a unit names itself and a contact; a person signs with name, unit and phone. */
export const submitterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), unitName: text(200), contactName: text(100), contactPhone: phone }),
  z.object({ kind: z.literal('person'), name: text(100), unit: text(200), phone }),
]);
export type Submitter = z.infer<typeof submitterSchema>;

export const evidenceSchema = z.object({
  filename: text(200),
  contentType: z.enum(EVIDENCE_TYPES),
  dataBase64: z.string().min(1).max(Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 4).describe(`base64, at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`),
});

export const objectionBodySchema = z.object({
  /** Omitted when a signed-in school objects: the school is the submitter, with a contact. */
  submitter: submitterSchema.optional(),
  contact: z.object({ name: text(100), phone }).optional().describe('For a signed-in school: who at the school answers for the objection'),
  aboutSchoolId: z.string().uuid().optional().describe('The school the objection is about, if any'),
  facts: text(8000).describe('事实 (the facts)'),
  reasons: text(8000).describe('理由 (the reasons)'),
  evidence: z.array(evidenceSchema).max(MAX_EVIDENCE_FILES).default([]),
});
export type ObjectionBody = z.infer<typeof objectionBodySchema>;

export type WindowState = 'not_open' | 'open' | 'closed' | 'finalised';

/** Judged by the server's clock at receipt: open from its start until 24:00 of its last day (exclusive). */
export function windowStateAt(w: { opensAt: Date; closesAt: Date; status: 'open' | 'closed' | 'finalised' }, at: Date): WindowState {
  if (w.status === 'finalised') return 'finalised';
  if (at.getTime() < w.opensAt.getTime()) return 'not_open';
  if (at.getTime() >= w.closesAt.getTime()) return 'closed';
  return 'open';
}

export function windowRefusal(state: Exclude<WindowState, 'open'>, closesAt: string, opensAt: string): LocalizedText {
  switch (state) {
    case 'closed':
      return { zh: `公示期已于 ${closesAt}（北京时间）结束，逾期异议不予受理；本次提交已记录`, en: `The publicity window closed at ${closesAt} Beijing time; late objections are not accepted. This submission has been recorded` };
    case 'not_open':
      return { zh: `公示期自 ${opensAt}（北京时间）开始，尚未开始受理异议；本次提交已记录`, en: `The publicity window opens at ${opensAt} Beijing time; objections are not yet accepted. This submission has been recorded` };
    case 'finalised':
      return { zh: '该名单已定稿，不再受理异议；本次提交已记录', en: 'This list is final and no longer takes objections. This submission has been recorded' };
  }
}

/** The handling deadline of an objection received at `receivedAt`. */
export function handlingDeadline(receivedAt: Date, duration: Duration): Date {
  return deadlineFor(receivedAt, duration);
}

/** A list item as published: the school and why it is on the list. */
export interface ListItem {
  schoolId: string;
  code: string;
  name: string;
  district: string;
  basis: string;
}
