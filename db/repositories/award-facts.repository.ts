import type { SchoolFacts } from '../../domain/awards';
import { defaultAwardRules } from '../../domain/awards';
import type { CampaignTemplate } from '../../domain/templates';
import type { Queryable } from '../pool';
import { acceptanceFinals } from './acceptance.repository';
import { approvedPairs, finalListSchoolIds } from './pairing.repository';

/**
 * The facts the award rules read, from the campaign's record: each school's role (mentor, seed,
 * potential), a potential school's acceptance score, improvement and share of indicators met, and
 * a mentor's partners' mean improvement and share meeting the standard.
 */
export async function awardFacts(db: Queryable, campaignId: string): Promise<SchoolFacts[]> {
  const { rows } = await db.query<{ template: CampaignTemplate }>('select template from campaigns where id = $1', [campaignId]);
  const template = rows[0]!.template;
  const rules = template.awards ?? defaultAwardRules;
  const [seeds, mentors, pairs, finals] = await Promise.all([
    finalListSchoolIds(db, campaignId, 'seed_list'),
    finalListSchoolIds(db, campaignId, 'mentor_list'),
    approvedPairs(db, campaignId),
    acceptanceFinals(db, campaignId),
  ]);
  const { rows: schools } = await db.query<{ id: string; name: string }>('select s.id, s.name from campaign_schools cs join schools s on s.id = cs.school_id where cs.campaign_id = $1', [campaignId]);
  const maxOf = Object.fromEntries(template.indicators.map((i) => [i.key, i.maxScore]));
  const potentialMetrics = new Map(
    finals.map((f) => {
      const met = Object.entries(f.indicatorFinals).filter(([k, v]) => v >= rules.indicatorMeetsAt * (maxOf[k] ?? 100)).length;
      const total = f.improvement ? Object.values(f.improvement).reduce((s, v) => s + v, 0) : undefined;
      return [f.schoolId, { final: f.final, indicatorsMetShare: met / template.indicators.length, ...(total !== undefined ? { improvementTotal: Math.round(total * 10) / 10 } : {}) }];
    }),
  );
  return schools.map((s) => {
    const role = mentors?.includes(s.id) ? 'mentor' : seeds?.includes(s.id) ? 'seed' : 'potential';
    if (role === 'mentor') {
      const partners = pairs.filter((p) => p.mentorSchoolId === s.id).map((p) => potentialMetrics.get(p.partnerSchoolId)).filter((m) => m !== undefined);
      const improvements = partners.map((m) => m.improvementTotal).filter((v): v is number => v !== undefined);
      const metrics = partners.length === 0 ? {} : {
        partnersMeetingShare: partners.filter((m) => m.indicatorsMetShare >= rules.standardShare).length / partners.length,
        ...(improvements.length > 0 ? { partnerMeanImprovement: Math.round((improvements.reduce((a, b) => a + b, 0) / improvements.length) * 10) / 10 } : {}),
      };
      return { schoolId: s.id, name: s.name, role, metrics };
    }
    // Any school the acceptance scored has its own metrics (a programme may score its seed cohort).
    return { schoolId: s.id, name: s.name, role, metrics: potentialMetrics.get(s.id) ?? {} };
  });
}
