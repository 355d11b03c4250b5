import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import type { Pool } from 'pg';
import { hashToken } from '../auth/credentials';
import { withTransaction } from '../db/pool';
import { recordAuditEvent } from '../db/repositories/audit.repository';
import { getCampaign, listCampaignSchools } from '../db/repositories/campaigns.repository';
import { findByIdempotencyKey, insertEvidence, insertObjection, insertRefusal, type ObjectionRow } from '../db/repositories/objections.repository';
import type { WindowRow } from '../db/repositories/publicity.repository';
import type { Actor } from '../domain/access';
import { CalendarOutOfRangeError } from '../domain/calendar';
import { contentHash } from '../domain/content-hash';
import { deadlineSetSignal, reminderSeriesId, reminderSeriesWorkflowType, type ReminderSubject } from '../domain/reminder-series';
import { handlingDeadline, windowRefusal, windowStateAt, type ObjectionBody } from '../domain/publicity';
import type { CampaignTemplate } from '../domain/templates';
import { formatShanghai } from '../domain/time-format';
import { AppError, invalidField } from './errors';
import { decodeEvidence } from './evidence';

export interface Intake {
  objection: ObjectionRow;
  followKey: string;
  replayed: boolean;
}

/**
 * Takes an objection in: the window must be open at `receivedAt` (the server's clock at receipt);
 * a refused one is recorded before the 409. Real name required. With an Idempotency-Key, the same
 * key and body return the same objection. The objection is committed before its handling workflow
 * starts, so an accepted objection is never lost.
 */
export async function takeObjection(
  deps: { pool: Pool; temporal: Client; taskQueue: string; log: FastifyBaseLogger },
  a: { window: WindowRow; body: ObjectionBody; actor: Actor | null; idempotencyKey?: string; receivedAt: Date; requestId: string },
): Promise<Intake> {
  const { pool } = deps;
  const { window, body, actor, receivedAt } = a;
  // Bureau staff may enter a paper objection for its real-name submitter; only their own bureau's.
  if (actor && actor.bureauId !== window.bureau_id) throw new AppError(404, 'not_found', { zh: '未找到该公示', en: 'Notice not found' });
  let submitterKind: ObjectionRow['submitter_kind'];
  let submitter: Record<string, string>;
  if (actor?.role === 'school') {
    if (!body.contact) throw invalidField('body.contact', '请填写本校联系人及电话', "the school's contact person and phone are required");
    const school = (await listCampaignSchools(pool, window.campaign_id)).find((s) => s.id === actor.schoolId);
    submitterKind = 'school';
    submitter = { schoolName: school?.name ?? actor.displayName, contactName: body.contact.name, contactPhone: body.contact.phone };
  } else {
    if (!body.submitter) throw invalidField('body.submitter', '须实名提出异议：单位填写单位名称和联系人，个人填写姓名、单位和电话；匿名异议不予受理', 'objections must carry a real name; anonymous ones are not accepted');
    submitterKind = body.submitter.kind;
    const { kind: _k, ...rest } = body.submitter;
    submitter = rest;
  }
  if (body.aboutSchoolId && !(await listCampaignSchools(pool, window.campaign_id)).some((s) => s.id === body.aboutSchoolId)) {
    throw invalidField('body.aboutSchoolId', '该校不在本次活动中', 'the school is not in this campaign');
  }
  const files = body.evidence.map((e, i) => decodeEvidence(e, `body.evidence.${i}.dataBase64`));
  const bodyHash = contentHash({ ...body, evidence: files.map((f) => ({ filename: f.filename, contentType: f.contentType, sha256: f.sha256 })), submitterAccount: actor?.accountId ?? null });

  const state = windowStateAt({ opensAt: window.opens_at, closesAt: window.closes_at, status: window.status }, receivedAt);
  if (state !== 'open') {
    const refusalId = await insertRefusal(pool, { windowId: window.id, receivedAt, reason: state === 'closed' ? 'window_closed' : state === 'not_open' ? 'window_not_open' : 'window_finalised', submitter, body: { ...body, evidence: files.map((f) => ({ filename: f.filename, sha256: f.sha256 })) } });
    throw new AppError(409, `window_${state}`, windowRefusal(state, formatShanghai(window.closes_at), formatShanghai(window.opens_at)), [], { closesAt: window.closes_at.toISOString(), receivedAt: receivedAt.toISOString(), refusalId });
  }

  const replay = async (existing: ObjectionRow): Promise<Intake> => {
    if (existing.body_hash !== bodyHash) {
      throw new AppError(422, 'idempotency_key_reused', { zh: '该 Idempotency-Key 已用于另一份不同内容的异议', en: 'This Idempotency-Key was used for a different objection' }, [{ field: 'headers.idempotency-key', message: '请为新的异议使用新的键 / use a new key for a new objection' }]);
    }
    // A fresh follow key for whoever holds this response; the earlier one stops working.
    const followKey = randomBytes(18).toString('base64url');
    await pool.query('update objections set follow_key_hash = $2 where id = $1', [existing.id, hashToken(followKey)]);
    return { objection: existing, followKey, replayed: true };
  };
  if (a.idempotencyKey) {
    const existing = await findByIdempotencyKey(pool, window.id, a.idempotencyKey);
    if (existing) return replay(existing);
  }

  const campaign = (await getCampaign(pool, window.campaign_id))!;
  const rules = (campaign.template as CampaignTemplate).rules ?? { objectionHandling: { amount: 10, unit: 'working_days' as const } };
  const deadline = handlingClock(receivedAt, rules.objectionHandling);
  const followKey = randomBytes(18).toString('base64url');
  const id = randomUUID();
  const inserted = await withTransaction(pool, async (tx) => {
    const row = await insertObjection(tx, {
      id, window_id: window.id, campaign_id: window.campaign_id, bureau_id: window.bureau_id, submitter_kind: submitterKind, submitter,
      submitter_account: actor?.accountId ?? null, submitter_school_id: actor?.schoolId ?? null, about_school_id: body.aboutSchoolId ?? null,
      facts: body.facts, reasons: body.reasons, received_at: receivedAt, handling_deadline: deadline, followKeyHash: hashToken(followKey),
      idempotency_key: a.idempotencyKey ?? null, body_hash: bodyHash,
    });
    if (!row) return undefined; // the same key arrived concurrently: answer with that one
    for (const f of files) await insertEvidence(tx, { bureauId: window.bureau_id, ownerKind: 'objection', ownerId: id, filename: f.filename, contentType: f.contentType, data: f.data, sha256: f.sha256 });
    await recordAuditEvent(tx, {
      bureauId: window.bureau_id, campaignId: window.campaign_id, actor: submitterLabel(submitterKind, submitter), actorAccountId: actor?.accountId ?? null,
      action: 'objection.received', subject: `objection:${id}`, after: { windowId: window.id, submitterKind, aboutSchoolId: body.aboutSchoolId ?? null, evidence: files.length, handlingDeadline: deadline.toISOString() },
      contentHash: bodyHash, requestId: a.requestId, idempotencyKey: `objection:${id}:received`,
    });
    return row;
  });
  if (!inserted) return replay((await findByIdempotencyKey(pool, window.id, a.idempotencyKey!))!);

  // Its own reminder series: the handler is reminded before the deadline, the bureau told after it.
  const subject: ReminderSubject = { kind: 'objection', bureauId: window.bureau_id, campaignId: window.campaign_id, objectionId: id };
  try {
    await deps.temporal.workflow.signalWithStart(reminderSeriesWorkflowType, { taskQueue: deps.taskQueue, workflowId: reminderSeriesId(subject), args: [{ subject, deadline: deadline.toISOString() }], signal: deadlineSetSignal, signalArgs: [deadline.toISOString()] });
  } catch (err) {
    // The objection is committed and shows in the inbox with its deadline; only its reminders are missing.
    deps.log.error({ err, objectionId: id }, 'objection accepted but its reminders did not start');
  }
  return { objection: inserted, followKey, replayed: false };
}

function submitterLabel(kind: string, s: Record<string, string>): string {
  if (kind === 'school') return `${s.schoolName}（${s.contactName}）`;
  if (kind === 'unit') return `${s.unitName}（${s.contactName}）`;
  return `${s.name}（${s.unit}）`;
}

/**
 * The handling deadline. Outside the working-day calendar's data it is counted in calendar days:
 * never later than the working-day one would be, and never a guess.
 */
function handlingClock(receivedAt: Date, duration: { amount: number; unit: 'working_days' | 'calendar_days' }): Date {
  try {
    return handlingDeadline(receivedAt, duration);
  } catch (err) {
    if (!(err instanceof CalendarOutOfRangeError)) throw err;
    return handlingDeadline(receivedAt, { amount: duration.amount, unit: 'calendar_days' });
  }
}
