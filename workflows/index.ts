export { campaignWorkflow } from './campaign.workflow';
export { reminderSeriesWorkflow } from './reminder-series.workflow';
export { outboxDispatcherWorkflow } from './outbox-dispatcher.workflow';
export { targetPlanWorkflow } from './target-plan.workflow';
