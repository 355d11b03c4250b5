import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { withTransaction } from '../db/pool';
import { appendAuditEvent } from '../db/repositories/audit.repository';
import { insertNotification } from '../db/repositories/objections.repository';
import { evaluateSection, inScope, type SectionInput } from '../domain/balance';
import { judgeTarget, type Target } from '../domain/targets';

export function createTargetActivities({ pool, logger }: { pool: Pool; logger: Logger }) {
  return {
    /**
     * Checks one target on the data of its school year, records the result, and applies the
     * plan's accountability: every section that fails a missed target loses its honours for the
     * year; one that failed the plan's previous target too has its principal flagged. Idempotent.
     */
    async checkTarget(a: { planId: string; targetKey: string; checkedAt: string }): Promise<{ met: boolean }> {
      return withTransaction(pool, async (tx) => {
        const { rows: plans } = await tx.query<{ bureau_id: string; name: string; targets: Target[] }>('select bureau_id, name, targets from target_plans where id = $1', [a.planId]);
        const plan = plans[0]!;
        const index = plan.targets.findIndex((t) => t.key === a.targetKey);
        const target = plan.targets[index]!;
        const { rows: done } = await tx.query<{ met: boolean }>('select met from target_results where plan_id = $1 and target_key = $2', [a.planId, a.targetKey]);
        if (done[0]) return { met: done[0].met };
        const { rows } = await tx.query<{ school_id: string; name: string; level: 'primary' | 'junior'; kind: SectionInput['kind']; pupils: number; resources: SectionInput['resources'] }>(
          `select distinct on (r.school_id, r.level) r.school_id, s.name, r.level, r.kind, r.pupils, r.resources
             from resource_records r join schools s on s.id = r.school_id
            where r.bureau_id = $1 and r.school_year = $2 order by r.school_id, r.level, r.version desc`,
          [plan.bureau_id, target.schoolYear],
        );
        const sections = rows
          .map((r) => ({ schoolId: r.school_id, name: r.name, level: r.level, kind: r.kind, pupils: r.pupils, resources: r.resources }))
          .filter((s) => inScope(s).included && (target.level === 'all' || s.level === target.level));
        const results = sections.map(evaluateSection);
        const verdict = judgeTarget(target, results.filter((r) => r.passes).length, results.length);
        await tx.query('insert into target_results (plan_id, target_key, checked_at, measured, required, met, explanation) values ($1, $2, $3, $4, $5, $6, $7)', [a.planId, a.targetKey, a.checkedAt, verdict.measured, target.atLeast, verdict.met, JSON.stringify(verdict.explanation)]);
        const year = Number(target.due.slice(0, 4));
        if (!verdict.met) {
          const previous = index > 0 ? plan.targets[index - 1]!.key : null;
          for (const r of results.filter((x) => !x.passes)) {
            const reason = { zh: `${plan.name}：目标「${target.name.zh}」未达成，该校${r.explanation.zh}`, en: `${plan.name}: target "${target.name.en}" missed; ${r.explanation.en}` };
            await tx.query(`insert into accountability_entries (bureau_id, plan_id, target_key, year, school_id, consequence, reason) values ($1, $2, $3, $4, $5, 'no_honours', $6) on conflict do nothing`, [plan.bureau_id, a.planId, a.targetKey, year, r.schoolId, JSON.stringify(reason)]);
            if (previous) {
              const { rowCount } = await tx.query(`select 1 from accountability_entries where plan_id = $1 and target_key = $2 and school_id = $3 and consequence = 'no_honours'`, [a.planId, previous, r.schoolId]);
              if (rowCount) {
                await tx.query(`insert into accountability_entries (bureau_id, plan_id, target_key, year, school_id, consequence, reason) values ($1, $2, $3, $4, $5, 'principal_flagged', $6) on conflict do nothing`, [plan.bureau_id, a.planId, a.targetKey, year, r.schoolId, JSON.stringify({ zh: `连续两次未达目标，校长列入问责 / two missed targets in a row: the principal is flagged`, en: 'two missed targets in a row: the principal is flagged' })]);
              }
            }
          }
        }
        const { rows: admins } = await tx.query<{ id: string }>(`select id from accounts where bureau_id = $1 and role = 'bureau_admin' and disabled_at is null`, [plan.bureau_id]);
        for (const admin of admins) {
          await insertNotification(tx, { bureauId: plan.bureau_id, accountId: admin.id, kind: 'target.checked', title: { zh: `${plan.name}：${target.name.zh}${verdict.met ? '已达成' : '未达成'}`, en: `${plan.name}: ${target.name.en} ${verdict.met ? 'met' : 'missed'}` }, body: { explanation: verdict.explanation }, key: `target:${a.planId}:${a.targetKey}:${admin.id}` });
        }
        await appendAuditEvent(tx, { bureauId: plan.bureau_id, actor: 'system:target-plan', action: verdict.met ? 'target.met' : 'target.missed', subject: `target-plan:${a.planId}:${a.targetKey}`, after: { measured: verdict.measured, required: target.atLeast }, reason: verdict.explanation.zh, idempotencyKey: `target:${a.planId}:${a.targetKey}`, occurredAt: new Date(a.checkedAt) });
        logger.info({ planId: a.planId, target: a.targetKey, met: verdict.met }, 'target checked');
        return { met: verdict.met };
      });
    },
  };
}
