import { Card, Space, Typography } from 'antd';
import { useCallback } from 'react';
import { api, ok } from '../../api';
import { useMe } from '../../me';
import { AuditChain, type AuditEvent, type Verification } from './AuditChain';

/** The bureau's own audit chain (accounts, tokens, readiness data) and its verification. */
export function BureauAudit() {
  const me = useMe();
  const { bureauId } = me;
  const loadPage = useCallback(
    async (afterSeq: number, limit: number) => (await ok(api.GET('/bureaus/{bureauId}/audit', { params: { path: { bureauId }, query: { afterSeq, limit } } }))) as unknown as AuditEvent[],
    [bureauId],
  );
  const verify = useCallback(async () => (await ok(api.GET('/bureaus/{bureauId}/audit/verify', { params: { path: { bureauId } } }))) as unknown as Verification, [bureauId]);
  if (me.role !== 'bureau_admin') return <Card><Typography.Paragraph>仅教育局管理员可查看审计记录 / Only bureau administrators see the audit trail.</Typography.Paragraph></Card>;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>审计记录 Audit trail</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        本局活动以外的操作记录（账号、令牌、资源数据、评估清单），按顺序链接成不可篡改的哈希链。
        <br />The bureau's records outside campaigns (accounts, tokens, resource data, the checklist), linked into a tamper-evident hash chain.
      </Typography.Paragraph>
      <AuditChain title="审计事件 Audit events" loadPage={loadPage} verify={verify} />
    </Space>
  );
}
