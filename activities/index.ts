import { createCampaignActivities, type ActivityDeps } from './campaign.activities';

export type { ActivityDeps } from './campaign.activities';

/** All activities the worker registers, built from their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createCampaignActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
