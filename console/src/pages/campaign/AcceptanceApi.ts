import { api, ok } from '../../api';
import type { AcceptanceFinal } from '../../../../db/repositories/acceptance.repository';
import type { Localized } from './AcceptanceCommon';

/** The answers of the acceptance and reviewer routes, as the console reads them. */
export interface PanelMember {
  reviewer_id: string;
  role: 'chair' | 'member';
  display_name: string;
}
export interface Aggregate {
  value: number;
  used: number;
  dropped: { highest: number; lowest: number } | null;
  explanation: Localized;
}
export interface Divergent {
  reviewerId: string;
  total: number;
  othersMean: number;
  explanation: Localized;
}
export interface SchoolResult {
  schoolId: string;
  name: string;
  sheets: number;
  submitted: number;
  minPanel: number;
  complete: boolean;
  result: { stage: string; indicators: Record<string, Aggregate>; total: number; divergent: Divergent[] } | null;
}
export interface Signoff {
  reviewerId: string;
  dissent: string | null;
  signedAt: string;
}
export interface StageResults {
  stage: string;
  panel: PanelMember[];
  signoffs: Signoff[];
  allSigned: boolean;
  closed: boolean;
  closedByQuorum: boolean;
  missingSignatures: string[];
  results: SchoolResult[];
}
/** A school's final acceptance score, as the API's repository computes it (no dates: the JSON is the same). */
export type { AcceptanceFinal } from '../../../../db/repositories/acceptance.repository';
export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: string;
  schoolId: string | null;
  disabled: boolean;
}
export interface Assignment {
  reviewerId: string;
  reviewerName: string;
  schoolId: string;
  schoolName: string;
  assignedAt: string;
  recused: { code: string; reason: Localized } | null;
}
export interface Conflict {
  schoolId: string;
  reason: string;
}

export const fetchResults = async (campaignId: string, stageKey: string) =>
  (await ok(api.GET('/campaigns/{campaignId}/stages/{stageKey}/results', { params: { path: { campaignId, stageKey } } }))) as unknown as StageResults;

export const fetchAssignments = async (campaignId: string) =>
  (await ok(api.GET('/campaigns/{campaignId}/assignments', { params: { path: { campaignId } } }))) as unknown as Assignment[];

export const fetchReviewers = async (bureauId: string) =>
  ((await ok(api.GET('/bureaus/{bureauId}/accounts', { params: { path: { bureauId } } }))) as unknown as Account[]).filter((a) => a.role === 'reviewer');

export const fetchFinals = async (campaignId: string) =>
  (await ok(api.GET('/campaigns/{campaignId}/acceptance', { params: { path: { campaignId } } }))) as unknown as AcceptanceFinal[];
