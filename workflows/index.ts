export { campaignWorkflow } from './campaign.workflow';
export { reminderSeriesWorkflow } from './reminder-series.workflow';
