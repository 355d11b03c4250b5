import { createCampaignActivities, type ActivityDeps } from './campaign.activities';
import { createObjectionActivities } from './objection.activities';

export type { ActivityDeps } from './campaign.activities';

/** All activities the worker registers, built from their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createCampaignActivities(deps), ...createObjectionActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
