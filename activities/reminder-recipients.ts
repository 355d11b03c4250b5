import type { Queryable } from '../db/pool';
import type { ReminderSubject } from '../domain/reminder-series';
import type { CampaignTemplate } from '../domain/templates';

/** Who still owes something when a reminder fires, and what; nobody once it is done. */
export interface Owed {
  accounts: string[];
  departments: string[];
  /** Tell the bureau's own group (administrators) too. */
  bureauGroup: boolean;
  what: { zh: string; en: string };
  owed: { zh: string; en: string };
  /** What a particular person or department owes, where it differs from `owed` (the whole). */
  owedByAccount?: Record<string, { zh: string; en: string }>;
  owedByDepartment?: Record<string, { zh: string; en: string }>;
  link: string;
}

const admins = async (db: Queryable, bureauId: string) =>
  (await db.query<{ id: string }>(`select id from accounts where bureau_id = $1 and role = 'bureau_admin' and disabled_at is null`, [bureauId])).rows.map((r) => r.id);

const staffOf = async (db: Queryable, departmentIds: string[]) =>
  departmentIds.length === 0
    ? []
    : (await db.query<{ id: string }>(`select id from accounts where department_id = any($1) and role = 'department_staff' and disabled_at is null`, [departmentIds])).rows.map((r) => r.id);

export async function owedFor(db: Queryable, s: ReminderSubject, escalate: boolean): Promise<Owed | null> {
  if (s.kind === 'checklist') return checklistOwed(db, s, escalate);
  const { rows: campaigns } = await db.query<{ name: string; template: CampaignTemplate }>('select name, template from campaigns where id = $1', [s.campaignId]);
  const campaign = campaigns[0];
  if (!campaign) return null;
  if (s.kind === 'objection') {
    const { rows } = await db.query<{ status: string; handler_department: string | null }>('select status, handler_department from objections where id = $1', [s.objectionId]);
    const o = rows[0];
    if (!o || o.status === 'decided') return null;
    const departments = o.handler_department ? [o.handler_department] : [];
    const accounts = [...(await staffOf(db, departments)), ...(departments.length === 0 || escalate ? await admins(db, s.bureauId) : [])];
    return { accounts, departments, bureauGroup: departments.length === 0 || escalate, what: { zh: `异议处理（${campaign.name}）`, en: `Handling an objection (${campaign.name})` }, owed: { zh: '对该异议作出处理决定并书面答复', en: 'a written decision on the objection' }, link: `/objections/${s.objectionId}` };
  }
  if (s.kind === 'recheck') {
    const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from applications where campaign_id = $1 and status = 'submitted'`, [s.campaignId]);
    const pending = Number(rows[0]!.n);
    if (pending === 0) return null;
    const code = campaign.template.rules?.recheckDepartment ?? 'dudao';
    const { rows: depts } = await db.query<{ id: string }>('select id from departments where bureau_id = $1 and code = $2', [s.bureauId, code]);
    const departments = depts.map((d) => d.id);
    const accounts = [...(await staffOf(db, departments)), ...(escalate ? await admins(db, s.bureauId) : [])];
    return { accounts, departments, bureauGroup: escalate, what: { zh: `种子校申请资格复核（${campaign.name}）`, en: `Re-checking seed applications (${campaign.name})` }, owed: { zh: `${pending} 份申请待复核`, en: `${pending} application(s) to re-check` }, link: `/campaigns/${s.campaignId}/applications` };
  }
  const { rows } = await db.query<{ status: string; kind: string }>('select status, kind from phase_instances where campaign_id = $1 and phase_key = $2', [s.campaignId, s.phaseKey]);
  const phase = rows[0];
  if (!phase || phase.status !== 'open') return null;
  const name = campaign.template.phases.find((p) => p.key === s.phaseKey)?.name ?? { zh: s.phaseKey, en: s.phaseKey };
  let departments: string[] = [];
  let owed = { zh: '阶段截止后进行审批', en: "the phase's approval once it closes" };
  if (phase.kind === 'publicity') {
    const { rows: open } = await db.query<{ handler_department: string | null; n: string }>(
      `select o.handler_department, count(*)::text as n from objections o join publicity_windows w on w.id = o.window_id
        where w.campaign_id = $1 and w.phase_key = $2 and o.status <> 'decided' group by 1`,
      [s.campaignId, s.phaseKey],
    );
    departments = open.map((r) => r.handler_department).filter((d): d is string => d !== null);
    const n = open.reduce((sum, r) => sum + Number(r.n), 0);
    if (n > 0) owed = { zh: `${n} 件异议尚未作出决定；公示期满且异议处理完毕后名单方可定稿`, en: `${n} undecided objection(s); the list is final once the window ends and every one is decided` };
  }
  if (phase.kind === 'acceptance') {
    // Reviewers on a panel who still owe a sheet (missing or a draft) for a school assigned to them,
    // or their signature once every sheet is in.
    const { rows: owing } = await db.query<{ reviewer_id: string; n: string }>(
      `select pm.reviewer_id, count(*)::text as n from panel_members pm
         join reviewer_assignments ra on ra.campaign_id = pm.campaign_id and ra.reviewer_id = pm.reviewer_id
         left join score_sheets ss on ss.campaign_id = pm.campaign_id and ss.stage_key = pm.stage_key and ss.school_id = ra.school_id and ss.reviewer_id = pm.reviewer_id
        where pm.campaign_id = $1 and (ss.status is null or ss.status = 'draft') group by pm.reviewer_id`,
      [s.campaignId],
    );
    const { rows: unsigned } = await db.query<{ reviewer_id: string }>(
      `select pm.reviewer_id from panel_members pm where pm.campaign_id = $1
          and not exists (select 1 from signoffs so where so.campaign_id = pm.campaign_id and so.stage_key = pm.stage_key and so.reviewer_id = pm.reviewer_id)`,
      [s.campaignId],
    );
    const reviewers = [...new Set([...owing.map((r) => r.reviewer_id), ...unsigned.map((r) => r.reviewer_id)])];
    const sheetsOwed = owing.reduce((sum, r) => sum + Number(r.n), 0);
    if (reviewers.length === 0) return null;
    owed = sheetsOwed > 0
      ? { zh: `${sheetsOwed} 份评分表未提交；提交后请签字确认`, en: `${sheetsOwed} score sheet(s) not submitted; sign the result once they are in` }
      : { zh: '评分已完成，请签字确认验收结果', en: 'every sheet is in: sign the stage result' };
    return { accounts: [...reviewers, ...(escalate ? await admins(db, s.bureauId) : [])], departments: [], bureauGroup: escalate, what: { zh: `${name.zh}（${campaign.name}）`, en: `${name.en} (${campaign.name})` }, owed, link: `/campaigns/${s.campaignId}` };
  }
  return { accounts: [...(await admins(db, s.bureauId)), ...(await staffOf(db, departments))], departments, bureauGroup: true, what: { zh: `${name.zh}（${campaign.name}）`, en: `${name.en} (${campaign.name})` }, owed, link: `/campaigns/${s.campaignId}` };
}

/**
 * A checklist's items due on one date: the lead and assisting departments of each item still
 * open or returned; the administrators for items awaiting their review, for items without a lead
 * department, and on escalation.
 */
async function checklistOwed(db: Queryable, s: Extract<ReminderSubject, { kind: 'checklist' }>, escalate: boolean): Promise<Owed | null> {
  const { rows } = await db.query<{ code: string; status: string; lead_department: string | null; assisting: string[]; school_year: string }>(
    `select i.code, i.status, i.lead_department, i.assisting, c.school_year from checklist_items i join readiness_checklists c on c.id = i.checklist_id
      where i.checklist_id = $1 and i.due_on = $2 and i.status <> 'accepted' order by i.code`,
    [s.checklistId, s.dueOn],
  );
  if (rows.length === 0) return null;
  const owing = rows.filter((r) => r.status === 'open' || r.status === 'returned');
  const reviewing = rows.filter((r) => r.status === 'submitted');
  const departments = [...new Set(owing.flatMap((r) => [r.lead_department, ...r.assisting]).filter((d): d is string => d !== null))];
  const needAdmins = escalate || reviewing.length > 0 || owing.some((r) => r.lead_department === null);
  const { rows: staff } = departments.length === 0 ? { rows: [] } : await db.query<{ id: string; department_id: string }>(`select id, department_id from accounts where department_id = any($1) and role = 'department_staff' and disabled_at is null`, [departments]);
  const accounts = [...staff.map((a) => a.id), ...(needAdmins ? await admins(db, s.bureauId) : [])];
  const year = rows[0]!.school_year;
  const toSubmit = (items: typeof owing) => ({ zh: `${items.length} 项待报送佐证材料（${items.map((r) => r.code).join('、')}）`, en: `${items.length} item(s) to submit with evidence (${items.map((r) => r.code).join(', ')})` });
  // Each department is told the items it leads or assists; the administrators the whole.
  const owedByDepartment = Object.fromEntries(departments.map((d) => [d, toSubmit(owing.filter((r) => r.lead_department === d || r.assisting.includes(d)))]));
  const admin = new Set(needAdmins ? await admins(db, s.bureauId) : []);
  const owedByAccount = Object.fromEntries(staff.filter((a) => !admin.has(a.id)).map((a) => [a.id, owedByDepartment[a.department_id]!]));
  const parts = { zh: [] as string[], en: [] as string[] };
  if (owing.length > 0) {
    const all = toSubmit(owing);
    parts.zh.push(all.zh);
    parts.en.push(all.en);
  }
  if (reviewing.length > 0) {
    parts.zh.push(`${reviewing.length} 项待局审核`);
    parts.en.push(`${reviewing.length} item(s) awaiting the bureau's review`);
  }
  return {
    accounts,
    departments,
    bureauGroup: needAdmins,
    what: { zh: `优质均衡评估清单（${year} 学年）`, en: `优质均衡 assessment checklist (${year})` },
    owed: { zh: parts.zh.join('；'), en: parts.en.join('; ') },
    owedByAccount,
    owedByDepartment,
    link: `/bureaus/${s.bureauId}/balance/${year}/checklist`,
  };
}
