import { createCampaignActivities, type ActivityDeps } from './campaign.activities';
import { createDeliveryActivities, type DeliveryDeps } from './delivery.activities';
import { createReminderActivities, type ReminderDeps } from './reminder.activities';
import { createTargetActivities } from './target.activities';

export type { ActivityDeps } from './campaign.activities';

/** All activities the worker registers, built from their dependencies. */
export function createActivities(deps: ActivityDeps & Omit<ReminderDeps, 'pool' | 'logger'> & Omit<DeliveryDeps, 'pool' | 'logger'>) {
  return { ...createCampaignActivities(deps), ...createReminderActivities(deps), ...createDeliveryActivities(deps), ...createTargetActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
