import { z } from 'zod';
import type { LocalizedText } from './templates';

/**
 * Who becomes a mentor school (导师型学校): a rule of the template, applied to a panel's
 * evaluation of a seed school. Seed 001's rule is the default: excellent in all eight categories,
 * and replicable practices (可复制性经验做法) on at least two indicators.
 */
export const mentorRuleSchema = z.object({
  /** How many indicator categories must be rated excellent; "all" = every one of the template's. */
  minExcellent: z.union([z.literal('all'), z.number().int().min(0)]).default('all'),
  /** On how many different indicators the school must show a replicable practice. */
  minPracticeIndicators: z.number().int().min(0).default(2),
});
export type MentorRule = z.infer<typeof mentorRuleSchema>;
export const defaultMentorRule: MentorRule = { minExcellent: 'all', minPracticeIndicators: 2 };

export const ratings = ['excellent', 'good', 'fair', 'weak'] as const;
export type Rating = (typeof ratings)[number];

export interface Evaluation {
  ratings: Record<string, Rating>;
  practices: { indicatorKey: string; title: string }[];
}

export interface MentorVerdict {
  mentor: boolean;
  excellent: number;
  excellentRequired: number;
  practiceIndicators: string[];
  practiceIndicatorsRequired: number;
  explanation: LocalizedText;
}

export function mentorVerdict(rule: MentorRule, indicators: { key: string; name: LocalizedText }[], e: Evaluation): MentorVerdict {
  const excellentRequired = rule.minExcellent === 'all' ? indicators.length : rule.minExcellent;
  const excellent = indicators.filter((i) => e.ratings[i.key] === 'excellent').length;
  const practiceIndicators = indicators.map((i) => i.key).filter((k) => e.practices.some((p) => p.indicatorKey === k));
  const mentor = excellent >= excellentRequired && practiceIndicators.length >= rule.minPracticeIndicators;
  const names = (keys: string[], lang: 'zh' | 'en') => keys.map((k) => indicators.find((i) => i.key === k)!.name[lang]);
  const zhPractices = practiceIndicators.length > 0 ? `可复制经验涉及${names(practiceIndicators, 'zh').join('、')}` : '无可复制经验做法';
  const enPractices = practiceIndicators.length > 0 ? `practices on ${names(practiceIndicators, 'en').join(', ')}` : 'no replicable practice';
  const explanation: LocalizedText = mentor
    ? { zh: `导师型学校：${excellent}/${indicators.length} 项优秀，${zhPractices}`, en: `Mentor: ${excellent}/${indicators.length} excellent, ${enPractices}` }
    : {
        zh: `未入选：${excellent}/${indicators.length} 项优秀（需 ${excellentRequired} 项），${zhPractices}（需涉及 ${rule.minPracticeIndicators} 项指标）`,
        en: `Not a mentor: ${excellent}/${indicators.length} excellent (needs ${excellentRequired}), ${enPractices} (needs ${rule.minPracticeIndicators} indicators)`,
      };
  return { mentor, excellent, excellentRequired, practiceIndicators, practiceIndicatorsRequired: rule.minPracticeIndicators, explanation };
}
