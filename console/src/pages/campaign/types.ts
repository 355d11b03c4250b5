/** What GET /campaigns/{campaignId} answers (the console reads these fields). */
export interface Phase {
  key: string;
  seq: number;
  kind: string;
  status: 'open' | 'awaiting_approval' | 'approved';
  openedAt: string;
  deadline: string;
  workingDaysLeft: number | null;
  closedAt: string | null;
  approvedAt: string | null;
  approvalNote: string | null;
}
export interface TemplatePhase {
  key: string;
  kind: string;
  name: { zh: string; en: string };
  [k: string]: unknown;
}
export interface CampaignSchool {
  id: string;
  code: string;
  name: string;
  district: string;
  level: string;
}
export interface CampaignDetail {
  id: string;
  bureauId: string;
  name: string;
  templateKey: string;
  template: { name: { zh: string; en: string }; phases: TemplatePhase[]; [k: string]: unknown };
  settings: Record<string, unknown>;
  status: string;
  startsAt: string;
  createdAt: string;
  schools: CampaignSchool[];
  phases: Phase[];
  /** Phases still to come, planned to open when the one before ends (approval may come later). */
  planned: { key: string; opensAt: string; deadline: string }[];
  workflow: { status: string; progress: { currentPhase?: string | null; [k: string]: unknown } } | null;
}

/** Every tab of the campaign page gets the campaign and a way to reload it after a change. */
export interface TabProps {
  campaign: CampaignDetail;
  reload: () => Promise<void>;
}
