import { renhuaiBrandTemplate, yueqingNewQualityTemplate } from './more-templates';
import { changleDemonstrationTemplate, type CampaignTemplate } from './templates';

/** Every template a bureau can start a campaign from, by key. */
export const templates: ReadonlyMap<string, CampaignTemplate> = new Map(
  [changleDemonstrationTemplate, yueqingNewQualityTemplate, renhuaiBrandTemplate].map((t) => [t.key, t]),
);
