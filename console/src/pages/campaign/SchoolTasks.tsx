import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { api, ok } from '../../api';
import { deadline, workingDaysLabel } from '../../format';
import { useMe } from '../../me';
import { both, Loaded, NotForRole, phaseStatusLabels, useLoad } from './AcceptanceCommon';
import type { Application } from './applications';
import { SchoolApplication } from './SchoolApplication';
import { SchoolBaseline } from './SchoolBaseline';
import { SchoolObjections } from './SchoolObjections';
import { SchoolScores } from './SchoolScores';
import type { CampaignDetail, TabProps } from './types';

interface SeedListItem {
  schoolId: string;
  basis: string | null;
}
export interface SchoolStanding {
  onSeedList: boolean;
  nominated: boolean;
  application: Application | null;
}

/** 本校任务 A school's tasks: deadlines and what it owes, its application, baseline, objections and scores. */
export function SchoolTasks({ campaign }: TabProps) {
  const me = useMe();
  if (me.role !== 'school' || !me.schoolId) return <NotForRole text="本页供学校用户使用 / This page is for school users" />;
  return <SchoolPage campaign={campaign} schoolId={me.schoolId} />;
}

function SchoolPage({ campaign, schoolId }: { campaign: CampaignDetail; schoolId: string }) {
  const standing = useLoad(
    useCallback(async (): Promise<SchoolStanding> => {
      const [list, apps] = await Promise.all([
        ok(api.GET('/campaigns/{campaignId}/seed-list', { params: { path: { campaignId: campaign.id } } })) as Promise<unknown> as Promise<SeedListItem[]>,
        ok(api.GET('/campaigns/{campaignId}/applications', { params: { path: { campaignId: campaign.id } } })) as Promise<unknown> as Promise<Application[]>,
      ]);
      const mine = list.find((s) => s.schoolId === schoolId);
      return { onSeedList: !!mine, nominated: !!mine?.basis?.includes('科室提名'), application: apps.find((a) => a.school_id === schoolId) ?? null };
    }, [campaign.id, schoolId]),
  );
  const hasKind = (kind: string) => campaign.template.phases.some((p) => p.kind === kind);
  const baselinePhases = campaign.template.phases.filter((p) => p.kind === 'mentor_selection' || p.kind === 'pairing' || p.key.includes('baseline'));
  const needsBaseline = baselinePhases.length > 0;
  // The baseline is asked for once the seed list is settled: when such a phase has opened.
  const baselineOpen = baselinePhases.some((p) => campaign.phases.some((x) => x.key === p.key && x.status !== 'approved'));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Loaded loading={standing.loading} problem={standing.problem}>
        {standing.data && (
          <>
            <TasksCard campaign={campaign} standing={standing.data} needsBaseline={needsBaseline} />
            {hasKind('seed_selection') && <SchoolApplication campaign={campaign} standing={standing.data} onApplied={standing.reload} />}
            {baselineOpen && !standing.data.onSeedList && <SchoolBaseline campaign={campaign} schoolId={schoolId} />}
          </>
        )}
      </Loaded>
      <SchoolObjections campaign={campaign} />
      <SchoolScores campaign={campaign} schoolId={schoolId} />
    </Space>
  );
}

const applicationStatus: Record<string, string> = {
  submitted: '已提交申请，待资格复核 / Applied, awaiting the re-check',
  passed: '申请已通过资格复核 / Application passed the re-check',
  rejected: '申请未通过资格复核 / Application rejected',
};

/** What this school owes in a phase of a kind. */
function owed(kind: string, open: boolean, s: SchoolStanding, needsBaseline: boolean): string {
  switch (kind) {
    case 'seed_selection':
      if (s.nominated) return '已被科室提名，无需申请 / Nominated by a department: no application needed';
      if (s.application) return applicationStatus[s.application.status] ?? s.application.status;
      return open ? '未被提名的学校可提交种子校申请（见下方）/ Not nominated: you may apply (below)' : '未提名、未申请 / Not nominated, no application';
    case 'publicity':
      return '公示期内可查看名单，对名单有异议可书面提出 / Read the list; object in writing within the window';
    case 'mentor_selection':
      return s.onSeedList ? '配合导师型学校评议 / Take part in the mentor evaluation' : '—';
    case 'pairing':
      return s.onSeedList ? '参与结对提升 / Take part in the pairing' : needsBaseline ? '在本页填报基线自评，参与结对提升 / Submit the baseline self-assessment on this page and take part in the pairing' : '参与结对提升 / Take part in the pairing';
    case 'acceptance':
      return '准备提升汇报，配合现场查验 / Prepare the improvement report and the on-site inspection';
    case 'awards':
      return '表彰名单审批后公布本校结果 / Your result is published once the list is approved';
    default:
      return '按通知要求完成 / As the notice requires';
  }
}

interface TaskRow {
  key: string;
  name: string;
  status: string;
  deadline: string | null;
  daysLeft: number | null;
  owes: string;
}

function TasksCard({ campaign, standing, needsBaseline }: { campaign: CampaignDetail; standing: SchoolStanding; needsBaseline: boolean }) {
  const rows: TaskRow[] = campaign.template.phases.map((p) => {
    const inst = campaign.phases.find((x) => x.key === p.key);
    const status = inst?.status ?? 'pending';
    return { key: p.key, name: both(p.name), status, deadline: inst?.deadline ?? null, daysLeft: inst?.status === 'open' ? inst.workingDaysLeft : null, owes: owed(p.kind, status === 'open', standing, needsBaseline) };
  });
  return (
    <Card title="任务与截止时间 Tasks and deadlines" size="small">
      <Table<TaskRow>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty description="本活动暂无阶段 / No phases yet" /> }}
        columns={[
          { title: '阶段 Phase', dataIndex: 'name', key: 'name', render: (v: string, r: TaskRow) => (r.status === 'open' ? <Typography.Text strong>{v}</Typography.Text> : v) },
          { title: '状态 Status', key: 'status', render: (_: unknown, r: TaskRow) => { const l = phaseStatusLabels[r.status] ?? { text: r.status, color: 'default' }; return <Tag color={l.color}>{l.text}</Tag>; } },
          { title: '截止时间（北京时间）Deadline (Beijing time)', key: 'deadline', render: (_: unknown, r: TaskRow) => (r.deadline ? deadline(r.deadline) : campaign.planned?.find((p) => p.key === r.key) ? `预计 Expected ${deadline(campaign.planned.find((p) => p.key === r.key)!.deadline)}` : '待定 To be set') },
          { title: '剩余 Time left', key: 'left', render: (_: unknown, r: TaskRow) => (r.status === 'open' ? workingDaysLabel(r.daysLeft) || '—' : '—') },
          { title: '本校事项 What your school owes', dataIndex: 'owes', key: 'owes' },
        ]}
      />
    </Card>
  );
}
