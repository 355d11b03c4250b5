import type { Queryable } from '../db/pool';
import { getReviewerProfile, hasAssignmentsIn, listAssignedSchoolIds } from '../db/repositories/reviewers.repository';
import type { Actor } from '../domain/access';
import { recusalFor } from '../domain/recusal';
import { approvedPairs } from '../db/repositories/pairing.repository';
import { AppError, invalidField } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = () => new AppError(404, 'not_found', { zh: '未找到该记录', en: 'Not found' });
const outOfScope = (code: string, zh: string, en: string, extra: Record<string, unknown> = {}) => new AppError(403, code, { zh, en }, [], extra);

/** The bureau each kind of path id belongs to; null when it does not exist. */
const owners: Record<string, ((db: Queryable, id: string, actor: Actor) => Promise<string | null>) | null> = {
  bureauId: async (_db, id) => id,
  campaignId: async (db, id) => one(db, 'select bureau_id from campaigns where id = $1', id),
  schoolId: async (db, id) => one(db, 'select bureau_id from schools where id = $1', id),
  accountId: async (db, id) => one(db, 'select bureau_id from accounts where id = $1', id),
  // A token is visible to its owner and to the owner's bureau admin, to nobody else.
  tokenId: async (db, id, actor) => {
    const { rows } = await db.query<{ bureau_id: string; account_id: string }>(
      'select a.bureau_id, t.account_id from access_tokens t join accounts a on a.id = t.account_id where t.id = $1',
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return r.account_id === actor.accountId || actor.role === 'bureau_admin' ? r.bureau_id : null;
  },
  objectionId: async (db, id) => one(db, 'select bureau_id from objections where id = $1', id),
  applicationId: async (db, id) => one(db, 'select bureau_id from applications where id = $1', id),
  evidenceId: async (db, id) => one(db, 'select bureau_id from checklist_evidence where id = $1', id),
  phaseKey: null, // not an id: validated by the route's schema
  stageKey: null, // likewise
  schoolYear: null, // likewise
  itemCode: null, // likewise
};

/** Path parameters the scope checks understand; a route using any other will not register. */
export const scopedParams = new Set(Object.keys(owners));

async function one(db: Queryable, sql: string, id: string): Promise<string | null> {
  const { rows } = await db.query<{ bureau_id: string }>(sql, [id]);
  return rows[0]?.bureau_id ?? null;
}

/**
 * Tenant first (an id of another bureau, or of nothing, is 404), then the role's own scope (403):
 * a school acts only for itself and its campaigns; a reviewer only on assigned, non-recused
 * schools of campaigns they review; a non-admin only on their own account.
 */
export async function checkScope(db: Queryable, actor: Actor, params: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(params)) {
    const owner = owners[name];
    if (!owner) continue;
    if (!UUID.test(value)) throw invalidField(`params.${name}`, '编号格式不正确（应为 UUID）', 'must be a UUID');
    if ((await owner(db, value, actor)) !== actor.bureauId) throw notFound();
  }
  const { campaignId, schoolId, accountId, objectionId, applicationId } = params;

  if (objectionId && (actor.role === 'department_staff' || actor.role === 'school')) {
    const { rows } = await db.query<{ handler_department: string | null; submitter_school_id: string | null }>(
      'select handler_department, submitter_school_id from objections where id = $1',
      [objectionId],
    );
    const o = rows[0]!;
    if (actor.role === 'department_staff' && o.handler_department !== actor.departmentId) {
      throw outOfScope('not_your_department', '该异议未分派给您所在的科室', 'This objection is not assigned to your department');
    }
    if (actor.role === 'school' && o.submitter_school_id !== actor.schoolId) throw outOfScope('not_your_school', '只能查看本校提出的异议', 'A school sees only its own objections');
  }

  if (applicationId && actor.role === 'school') {
    const { rows } = await db.query<{ school_id: string }>('select school_id from applications where id = $1', [applicationId]);
    if (rows[0]!.school_id !== actor.schoolId) throw outOfScope('not_your_school', '只能查看本校的申请', 'A school sees only its own application');
  }

  if (accountId && actor.role !== 'bureau_admin' && accountId !== actor.accountId) {
    throw outOfScope('not_your_account', '只能操作本人账号', 'You may act only on your own account');
  }

  if (actor.role === 'school') {
    if (schoolId && schoolId !== actor.schoolId) throw outOfScope('not_your_school', '学校用户只能查看和办理本校事项', 'A school user acts only for its own school');
    if (campaignId) {
      const { rowCount } = await db.query('select 1 from campaign_schools where campaign_id = $1 and school_id = $2', [campaignId, actor.schoolId]);
      if (!rowCount) throw outOfScope('not_in_campaign', '本校未参加该活动', 'Your school does not take part in this campaign');
    }
  }

  if (actor.role === 'reviewer') {
    if (campaignId && !(await hasAssignmentsIn(db, campaignId, actor.accountId))) {
      throw outOfScope('not_assigned', '您未被分配评审该活动', 'You are not assigned to review this campaign');
    }
    if (schoolId) {
      if (!campaignId) throw outOfScope('not_assigned', '评审专家只能在所分配的活动中查看学校', 'Reviewers see schools only within campaigns they review');
      const recusal = recusalFor(await getReviewerProfile(db, actor.accountId), schoolId, await approvedPairs(db, campaignId));
      if (recusal) {
        throw outOfScope('recused', `须回避：${recusal.reason.zh}`, `Recused: ${recusal.reason.en}`, { recusal: recusal.code });
      }
      if (!(await listAssignedSchoolIds(db, campaignId, actor.accountId)).includes(schoolId)) {
        throw outOfScope('not_assigned', '您未被分配评审该校', 'You are not assigned to this school');
      }
    }
  }
}
