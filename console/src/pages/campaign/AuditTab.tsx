import { Card, Typography } from 'antd';
import { useCallback } from 'react';
import { api, ok } from '../../api';
import { useMe } from '../../me';
import { AuditChain, type AuditEvent, type Verification } from '../admin/AuditChain';
import type { TabProps } from './types';

/** The campaign's audit chain (admin) and its verification; a published document can be looked up by its hash. */
export function AuditTab({ campaign }: TabProps) {
  const me = useMe();
  const campaignId = campaign.id;
  const loadPage = useCallback(
    async (afterSeq: number, limit: number) => (await ok(api.GET('/campaigns/{campaignId}/audit', { params: { path: { campaignId }, query: { afterSeq, limit } } }))) as unknown as AuditEvent[],
    [campaignId],
  );
  const verify = useCallback(
    async (contentHash?: string) => (await ok(api.GET('/campaigns/{campaignId}/audit/verify', { params: { path: { campaignId }, query: contentHash ? { contentHash } : {} } }))) as unknown as Verification,
    [campaignId],
  );
  if (me.role !== 'bureau_admin') return <Card><Typography.Paragraph>仅教育局管理员可查看审计记录 / Only bureau administrators see the audit trail.</Typography.Paragraph></Card>;
  return <AuditChain title={`审计事件 Audit events · ${campaign.name}`} loadPage={loadPage} verify={verify} canLookUpHash />;
}
