import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { api, ok } from '../../api';
import { useMe } from '../../me';
import { Loaded, NotForRole, useLoad } from './AcceptanceCommon';
import { fetchAssignments, fetchReviewers, type Account, type Assignment } from './AcceptanceApi';
import { ReviewersAssignModal } from './ReviewersAssign';
import { ReviewersConflictsModal } from './ReviewersConflicts';
import type { TabProps } from './types';

interface BureauSchool {
  id: string;
  code: string;
  name: string;
}
interface Row extends Account {
  assigned: Assignment[];
}

/** 评审专家 Reviewers: each reviewer's schools (with recusal checks), assigning schools, declared conflicts. */
export function ReviewersTab({ campaign }: TabProps) {
  const me = useMe();
  if (me.role !== 'bureau_admin') return <NotForRole text="评审专家的分配由教育局管理员负责 / Reviewer assignments are managed by the bureau administrator" />;
  return <ReviewersAdmin campaign={campaign} />;
}

function ReviewersAdmin({ campaign }: { campaign: TabProps['campaign'] }) {
  const data = useLoad(
    useCallback(async () => {
      const [reviewers, assignments, schools] = await Promise.all([
        fetchReviewers(campaign.bureauId),
        fetchAssignments(campaign.id),
        ok(api.GET('/bureaus/{bureauId}/schools', { params: { path: { bureauId: campaign.bureauId } } })) as Promise<unknown> as Promise<BureauSchool[]>,
      ]);
      const rows: Row[] = reviewers.map((r) => ({ ...r, assigned: assignments.filter((a) => a.reviewerId === r.id) }));
      return { rows, schools };
    }, [campaign.id, campaign.bureauId]),
  );
  const [assigning, setAssigning] = useState<Row | null>(null);
  const [conflictsOf, setConflictsOf] = useState<Row | null>(null);
  const schoolName = (id: string | null) => (id ? data.data?.schools.find((s) => s.id === id)?.name ?? '—' : '—');
  return (
    <Card title="评审专家 Reviewers" size="small">
      <Loaded loading={data.loading} problem={data.problem}>
        <Table<Row>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data.data?.rows ?? []}
          locale={{ emptyText: <Empty description="本局还没有评审专家账号，请先在“账号”页创建 / No reviewer accounts yet: create them under Accounts" /> }}
          columns={[
            { title: '评审专家 Reviewer', key: 'name', render: (_: unknown, r: Row) => <>{r.displayName}<br /><Typography.Text type="secondary">{r.username}</Typography.Text>{r.disabled && <Tag color="default">已停用 Disabled</Tag>}</> },
            { title: '所在学校 Works at', key: 'school', render: (_: unknown, r: Row) => schoolName(r.schoolId) },
            {
              title: '分配的学校 Assigned schools', key: 'assigned',
              render: (_: unknown, r: Row) => r.assigned.length === 0 ? <Typography.Text type="secondary">未分配 None</Typography.Text> : (
                <Space orientation="vertical" size={2}>
                  {r.assigned.map((a) => (
                    <span key={a.schoolId}>
                      <Tag color={a.recused ? 'red' : 'blue'}>{a.schoolName}</Tag>
                      {a.recused && <Typography.Text type="danger">须回避 Recused：{a.recused.reason.zh} / {a.recused.reason.en}</Typography.Text>}
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              title: '操作 Actions', key: 'actions',
              render: (_: unknown, r: Row) => (
                <Space wrap>
                  <Button size="small" onClick={() => setAssigning(r)} aria-label={`分配学校 Assign schools：${r.displayName}`}>分配学校 Assign schools</Button>
                  <Button size="small" onClick={() => setConflictsOf(r)} aria-label={`回避申报 Conflicts：${r.displayName}`}>回避申报 Conflicts</Button>
                </Space>
              ),
            },
          ]}
        />
      </Loaded>
      {assigning && (
        <ReviewersAssignModal campaign={campaign} reviewer={assigning} assigned={assigning.assigned.map((a) => a.schoolId)} onClose={() => setAssigning(null)} onSaved={data.reload} />
      )}
      {conflictsOf && (
        <ReviewersConflictsModal campaign={campaign} reviewer={conflictsOf} schools={data.data?.schools ?? []} onClose={() => setConflictsOf(null)} onChanged={data.reload} />
      )}
    </Card>
  );
}
