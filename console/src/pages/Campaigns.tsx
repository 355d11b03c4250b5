import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../api';
import { useProblem } from '../errors';
import { beijing } from '../format';
import { useMe } from '../me';
import type { CampaignDetail } from './campaign/types';

export const statusTags: Record<string, { color: string; label: string }> = {
  draft: { color: 'default', label: '未启动 Draft' },
  running: { color: 'processing', label: '进行中 Running' },
  completed: { color: 'success', label: '已完成 Completed' },
};

/** The campaigns the person may see (a school its own, a reviewer those it reviews). */
export function Campaigns() {
  const me = useMe();
  const show = useProblem();
  const [rows, setRows] = useState<CampaignDetail[] | null>(null);
  const load = useCallback(async () => {
    try {
      setRows((await ok(api.GET('/bureaus/{bureauId}/campaigns', { params: { path: { bureauId: me.bureauId } } }))) as unknown as CampaignDetail[]);
    } catch (err) {
      show(err);
      setRows([]);
    }
  }, [me.bureauId, show]);
  useEffect(() => void load(), [load]);
  return (
    <Card
      title={<Typography.Title level={3} style={{ margin: 0 }}>创建活动 Campaigns</Typography.Title>}
      extra={me.role === 'bureau_admin' && <Link to="/campaigns/new"><Button type="primary">新建活动 New campaign</Button></Link>}
    >
      <Table
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={false}
        scroll={{ x: 600 }}
        locale={{ emptyText: <Empty description="暂无活动 / No campaigns yet" /> }}
        columns={[
          { title: '活动 Campaign', dataIndex: 'name', render: (name: string, c) => <Link to={`/campaigns/${c.id}`}>{name}</Link> },
          { title: '模板 Template', render: (_: unknown, c) => c.template.name.zh },
          { title: '状态 Status', dataIndex: 'status', render: (s: string) => <Tag color={statusTags[s]?.color}>{statusTags[s]?.label ?? s}</Tag> },
          { title: '开始 Starts', dataIndex: 'startsAt', render: (t: string) => beijing(t) },
          { title: '', render: (_: unknown, c) => <Space><Link to={`/campaigns/${c.id}`}>查看 Open</Link></Space> },
        ]}
      />
    </Card>
  );
}
