import { z } from 'zod';
import { durationSchema } from '../domain/templates';

/** Request and response shapes of the HTTP API; they also feed the OpenAPI document at /docs. */

export const schoolLevels = ['primary', 'junior', 'nine_year', 'twelve_year', 'complete_secondary', 'special'] as const;

export const schoolInput = z.object({
  code: z.string().trim().min(1).max(64).describe('School code, unique within the bureau'),
  name: z.string().trim().min(1).max(200),
  district: z.string().trim().min(1).max(100).describe('学区 (school district)'),
  level: z.enum(schoolLevels).describe('primary 小学, junior 初中, nine_year 九年一贯, twelve_year 十二年一贯, complete_secondary 完全中学, special 特殊教育'),
});

export const uuidParam = z.string().uuid();

export const createCampaignBody = z.object({
  name: z.string().trim().min(1).max(200),
  templateKey: z.string().min(1),
  startsAt: z.string().datetime({ offset: true }).optional().describe('When the first phase opens; default: when the campaign is started'),
  phaseDurations: z.record(z.string(), durationSchema).optional().describe('Per-phase duration overrides, by phase key'),
  schools: z.array(schoolInput).min(1).max(5000),
  rules: z
    .object({
      recheckDepartment: z.string().trim().min(1).max(64).optional().describe('Code of the department that re-checks applications (default 督导室 dudao)'),
      recheckWithin: durationSchema.optional().describe('Re-check deadline, counted from the application deadline'),
      objectionHandling: durationSchema.optional().describe("An objection's handling deadline, counted from its receipt"),
    })
    .optional()
    .describe("Overrides of the template's rules for this campaign"),
  publicityContact: z
    .object({ office: z.string().trim().min(1).max(100), phone: z.string().trim().min(3).max(40), address: z.string().trim().max(200).optional() })
    .optional()
    .describe('Printed on publicity notices: where objections go (default: the re-check department, no phone)'),
});

export const approveBody = z.object({
  note: z.string().trim().max(2000).optional().describe('审批意见 (the approver is the signed-in account)'),
  republish: z.boolean().optional().describe('Publicity phases only: instead of approving, publicise the latest list again in a new window (重新公示)'),
});

export const moveDeadlineBody = z.object({
  deadline: z.string().datetime({ offset: true }),
  reason: z.string().trim().min(1).max(2000),
});

export const phaseParams = z.object({ campaignId: uuidParam, phaseKey: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/) });
export const campaignParams = z.object({ campaignId: uuidParam });
export const bureauParams = z.object({ bureauId: uuidParam });
