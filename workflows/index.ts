export { campaignWorkflow } from './campaign.workflow';
export { objectionWorkflow } from './objection.workflow';
