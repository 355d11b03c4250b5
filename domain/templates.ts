import { z } from 'zod';
import { defaultReminderRules, reminderRulesSchema } from './reminders';
import { defaultMentorRule, mentorRuleSchema } from './mentor-rule';
import { defaultPairingRules, pairingRulesSchema } from './pairing';
import { scoringRulesSchema } from './scoring';
import { awardRulesSchema, defaultAwardRules } from './awards';

/**
 * Campaign templates are data: the phases a programme runs, its indicator rubric and its settings.
 * A campaign stores the template as it was when created, so editing a template never changes a
 * running campaign.
 */

export const localizedText = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof localizedText>;

export const durationSchema = z.object({
  amount: z.number().int().min(1).max(3660),
  unit: z.enum(['working_days', 'calendar_days']),
});

export const phaseKinds = ['seed_selection', 'publicity', 'mentor_selection', 'pairing', 'acceptance', 'awards', 'generic'] as const;
export type PhaseKind = (typeof phaseKinds)[number];

export const phaseDefinitionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
  kind: z.enum(phaseKinds),
  name: localizedText,
  duration: durationSchema,
  /** For a publicity phase: the list it publishes (公示名单). */
  publishes: z.enum(['seed_list', 'acceptance_scores']).optional(),
});
export type PhaseDefinition = z.infer<typeof phaseDefinitionSchema>;

export const indicatorSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
  name: localizedText,
  maxScore: z.number().positive(),
});

export const templateSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_-]{1,60}$/),
    name: localizedText,
    source: z.string(),
    indicators: z.array(indicatorSchema).min(1),
    phases: z.array(phaseDefinitionSchema).min(1),
    rules: z
      .object({
        /** The department that re-checks applications (资格复核), by code. */
        recheckDepartment: z.string().min(1).default('dudao'),
        /** How long the re-check department has after the application deadline. */
        recheckWithin: durationSchema.default({ amount: 10, unit: 'working_days' }),
        /** How long a handler has to decide an objection, from its receipt. */
        objectionHandling: durationSchema.default({ amount: 10, unit: 'working_days' }),
      })
      .default({ recheckDepartment: 'dudao', recheckWithin: { amount: 10, unit: 'working_days' }, objectionHandling: { amount: 10, unit: 'working_days' } }),
    /** When every deadline of the campaign reminds those who still owe something. */
    reminders: reminderRulesSchema.default(defaultReminderRules),
    /** Who becomes a mentor school (导师型学校). */
    mentorRule: mentorRuleSchema.default(defaultMentorRule),
    /** 1+X pairing: how many schools a mentor takes, and the cost weights of the proposal. */
    pairing: pairingRulesSchema.default(defaultPairingRules),
    /** Acceptance: stages and weights, aggregation, rounding, divergence, panel size. */
    scoring: scoringRulesSchema.default(scoringRulesSchema.parse({})),
    /** Award categories in precedence order, and who is vetoed. */
    awards: awardRulesSchema.default(defaultAwardRules),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.phases.forEach((p, i) => {
      if (seen.has(p.key)) ctx.addIssue({ code: 'custom', path: ['phases', i, 'key'], message: `duplicate phase key ${p.key}` });
      seen.add(p.key);
    });
  });
export type CampaignTemplate = z.infer<typeof templateSchema>;

const both = (zh: string, en: string): LocalizedText => ({ zh, en });

/** Seed 001 (昌乐 2020): the reference template, eight indicator categories and five stages. */
export const changleDemonstrationTemplate: CampaignTemplate = templateSchema.parse({
  key: 'changle-2020-demonstration',
  name: both('义务教育优质均衡系列示范校创建', 'Balanced high-quality compulsory education demonstration schools'),
  source: '乐教督字〔2020〕2号 (seed 001)',
  indicators: [
    { key: 'resources', name: both('办学条件（生均占有值）', 'Resources per pupil'), maxScore: 100 },
    { key: 'teachers', name: both('教师队伍（专业成长）', 'Teachers and their growth'), maxScore: 100 },
    { key: 'student_development', name: both('学生全面发展', 'Well-rounded student development'), maxScore: 100 },
    { key: 'teaching_quality', name: both('教学质量', 'Teaching quality'), maxScore: 100 },
    { key: 'campus_culture', name: both('校园文化', 'Campus culture'), maxScore: 100 },
    { key: 'management', name: both('学校精细化管理', 'School management'), maxScore: 100 },
    { key: 'education_mechanism', name: both('育人体制机制', 'Education mechanisms'), maxScore: 100 },
    { key: 'social_recognition', name: both('社会认可度', 'Social recognition'), maxScore: 100 },
  ],
  phases: [
    { key: 'seed_selection', kind: 'seed_selection', name: both('标杆种子校圈定', 'Seed school selection'), duration: { amount: 30, unit: 'calendar_days' } },
    { key: 'seed_publicity', kind: 'publicity', name: both('种子校名单公示', 'Seed list publicity'), duration: { amount: 5, unit: 'working_days' }, publishes: 'seed_list' },
    { key: 'mentor_selection', kind: 'mentor_selection', name: both('导师型学校遴选', 'Mentor school selection'), duration: { amount: 30, unit: 'calendar_days' } },
    { key: 'pairing', kind: 'pairing', name: both('搭对提升（1+X）', 'Pairing and improvement (1+X)'), duration: { amount: 60, unit: 'calendar_days' } },
    { key: 'acceptance', kind: 'acceptance', name: both('成果验收', 'Acceptance'), duration: { amount: 45, unit: 'calendar_days' } },
    { key: 'score_publicity', kind: 'publicity', name: both('验收成绩公示', 'Acceptance score publicity'), duration: { amount: 7, unit: 'calendar_days' }, publishes: 'acceptance_scores' },
    { key: 'awards', kind: 'awards', name: both('表彰奖励', 'Awards'), duration: { amount: 30, unit: 'calendar_days' } },
  ],
});


/** Applies per-campaign duration overrides to a template's phases. */
export function phasesWithOverrides(
  template: CampaignTemplate,
  overrides: Record<string, z.infer<typeof durationSchema>> = {},
): PhaseDefinition[] {
  return template.phases.map((p) => ({ ...p, duration: overrides[p.key] ?? p.duration }));
}
