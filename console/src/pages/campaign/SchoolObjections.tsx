import { Card, Empty, Table, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { api, ok } from '../../api';
import { beijing, deadline, workingDaysLabel } from '../../format';
import { Loaded, useLoad, type Localized } from './AcceptanceCommon';
import type { CampaignDetail } from './types';

interface Objection {
  id: string;
  status: 'received' | 'assigned' | 'decided';
  statusLabel: Localized;
  receivedAt: string;
  handlingDeadline: string;
  outcome: 'upheld' | 'dismissed' | null;
  outcomeLabel: Localized | null;
  decisionReason: string | null;
  decidedAt: string | null;
  reasons?: string;
  workingDaysLeft?: number | null;
}

const statusColor = { received: 'default', assigned: 'processing', decided: 'success' } as const;

/** 本校异议 The objections this school raised: status, handling deadline and the written decision. */
export function SchoolObjections({ campaign }: { campaign: CampaignDetail }) {
  const objections = useLoad(useCallback(async () => (await ok(api.GET('/campaigns/{campaignId}/objections', { params: { path: { campaignId: campaign.id } } }))) as unknown as Objection[], [campaign.id]));
  return (
    <Card title="本校提出的异议 Objections raised by your school" size="small">
      <Loaded loading={objections.loading} problem={objections.problem}>
        <Table<Objection>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={objections.data ?? []}
          locale={{ emptyText: <Empty description="本校没有提出异议 / Your school has raised no objections" /> }}
          columns={[
            { title: '提出时间 Received', key: 'at', render: (_: unknown, o: Objection) => beijing(o.receivedAt) },
            { title: '异议内容 Objection', key: 'reasons', render: (_: unknown, o: Objection) => <Typography.Paragraph ellipsis={{ rows: 2, expandable: true, symbol: '展开 more' }} style={{ margin: 0 }}>{o.reasons ?? '—'}</Typography.Paragraph> },
            { title: '状态 Status', key: 'status', render: (_: unknown, o: Objection) => <Tag color={statusColor[o.status]}>{o.statusLabel.zh} {o.statusLabel.en}</Tag> },
            {
              title: '处理期限 Handling deadline', key: 'deadline',
              render: (_: unknown, o: Objection) => <>{deadline(o.handlingDeadline)}{o.status !== 'decided' && o.workingDaysLeft !== undefined && o.workingDaysLeft !== null && <div>{workingDaysLabel(o.workingDaysLeft)}</div>}</>,
            },
            {
              title: '处理决定 Decision', key: 'decision',
              render: (_: unknown, o: Objection) => !o.outcome ? '—' : (
                <>
                  <Tag color={o.outcome === 'upheld' ? 'success' : 'default'}>{o.outcomeLabel?.zh} {o.outcomeLabel?.en}</Tag>
                  <div>{o.decisionReason}</div>
                  <Typography.Text type="secondary">{beijing(o.decidedAt)}</Typography.Text>
                </>
              ),
            },
          ]}
        />
      </Loaded>
    </Card>
  );
}
