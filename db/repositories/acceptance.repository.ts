import { finalScore, improvement, scoringRulesSchema, stageResult, type StageResult } from '../../domain/scoring';
import type { CampaignTemplate } from '../../domain/templates';
import type { Queryable } from '../pool';

export interface AcceptanceFinal {
  schoolId: string;
  code: string;
  name: string;
  district: string;
  stages: { stage: string; total: number }[];
  final: number;
  explanation: { zh: string; en: string };
  improvement: Record<string, number> | null;
  /** Each indicator's final: its stage aggregates weighted, rounded. */
  indicatorFinals: Record<string, number>;
}

/** Final acceptance scores of every school whose every stage is scored by at least the minimum panel. */
export async function acceptanceFinals(db: Queryable, campaignId: string): Promise<AcceptanceFinal[]> {
  const { rows: campaigns } = await db.query<{ template: CampaignTemplate }>('select template from campaigns where id = $1', [campaignId]);
  const template = campaigns[0]!.template;
  const rules = template.scoring ?? scoringRulesSchema.parse({});
  const keys = template.indicators.map((i) => i.key);
  const { rows: sheets } = await db.query<{ stage_key: string; school_id: string; reviewer_id: string; scores: Record<string, number> }>(
    `select stage_key, school_id, reviewer_id, scores from score_sheets where campaign_id = $1 and status = 'submitted'`,
    [campaignId],
  );
  const { rows: schools } = await db.query<{ id: string; code: string; name: string; district: string }>(
    'select s.id, s.code, s.name, s.district from campaign_schools cs join schools s on s.id = cs.school_id where cs.campaign_id = $1 order by s.district, s.code',
    [campaignId],
  );
  const { rows: baselines } = await db.query<{ school_id: string; scores: Record<string, number> | null }>('select school_id, scores from baselines where campaign_id = $1', [campaignId]);
  return schools.flatMap((s) => {
    const stages: StageResult[] = [];
    for (const st of rules.stages) {
      const mine = sheets.filter((x) => x.school_id === s.id && x.stage_key === st.key).map((x) => ({ reviewerId: x.reviewer_id, scores: x.scores }));
      if (mine.length < rules.minPanel) return [];
      stages.push(stageResult(st.key, mine, keys, rules));
    }
    const final = finalScore(stages, rules);
    const baseline = baselines.find((b) => b.school_id === s.id)?.scores ?? null;
    const indicatorFinals = Object.fromEntries(keys.map((k) => [k, Math.round(stages.reduce((sum, st) => sum + (rules.stages.find((x) => x.key === st.stage)?.weight ?? 0) * st.indicators[k]!.value, 0) * 10 ** rules.decimals) / 10 ** rules.decimals]));
    return [{ schoolId: s.id, code: s.code, name: s.name, district: s.district, stages: stages.map((x) => ({ stage: x.stage, total: x.total })), final: final.value, explanation: final.explanation, improvement: baseline ? improvement(stages, baseline, rules) : null, indicatorFinals }];
  });
}
