import { createCampaignActivities, type ActivityDeps } from './campaign.activities';
import { createReminderActivities, type ReminderDeps } from './reminder.activities';

export type { ActivityDeps } from './campaign.activities';

/** All activities the worker registers, built from their dependencies. */
export function createActivities(deps: ActivityDeps & Omit<ReminderDeps, 'pool' | 'logger'>) {
  return { ...createCampaignActivities(deps), ...createReminderActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
