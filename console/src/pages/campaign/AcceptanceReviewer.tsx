import { Alert, Button, Card, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useMe } from '../../me';
import { Loaded, PhaseBanner, scoringOf, useLoad, type ScoringStage } from './AcceptanceCommon';
import { fetchAssignments, fetchResults, type Assignment } from './AcceptanceApi';
import { ScoreSheet, type SavedSheet } from './AcceptanceSheet';
import { api, ok } from '../../api';
import { ReopenSheet } from './AcceptanceReopen';
import { SignoffForm } from './AcceptanceSignoff';
import type { CampaignDetail } from './types';

/** A reviewer's acceptance work: per stage, their assigned schools, a score sheet each, and the sign-off. */
export function ReviewerAcceptance({ campaign }: { campaign: CampaignDetail }) {
  const assignments = useLoad(useCallback(() => fetchAssignments(campaign.id), [campaign.id]));
  const { stages } = scoringOf(campaign);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PhaseBanner campaign={campaign} kind="acceptance" />
      <Loaded loading={assignments.loading} problem={assignments.problem}>
        {(assignments.data ?? []).length === 0 ? (
          <Empty description="您在本活动中还没有分配的学校 / No schools are assigned to you in this campaign" />
        ) : (
          <Tabs
            destroyOnHidden
            items={stages.map((st) => ({ key: st.key, label: `${st.name.zh} ${st.name.en}`, children: <ReviewerStage campaign={campaign} stage={st} assignments={assignments.data ?? []} /> }))}
          />
        )}
      </Loaded>
    </Space>
  );
}

const sheetStatus = {
  none: { text: '未填写 Not started', color: 'default' },
  draft: { text: '草稿 Draft', color: 'processing' },
  submitted: { text: '已提交 Submitted', color: 'success' },
} as const;

function ReviewerStage({ campaign, stage, assignments }: { campaign: CampaignDetail; stage: ScoringStage; assignments: Assignment[] }) {
  const me = useMe();
  const results = useLoad(useCallback(() => fetchResults(campaign.id, stage.key), [campaign.id, stage.key]));
  const sheets = useLoad(useCallback(async () => (await ok(api.GET('/campaigns/{campaignId}/stages/{stageKey}/sheets', { params: { path: { campaignId: campaign.id, stageKey: stage.key } } }))) as unknown as SavedSheet[], [campaign.id, stage.key]));
  const actionable = assignments.filter((a) => !a.recused);
  const [selected, setSelected] = useState<string | null>(actionable[0]?.schoolId ?? null);
  const mine = results.data?.panel.find((m) => m.reviewer_id === me.accountId);
  const school = actionable.find((a) => a.schoolId === selected);
  return (
    <Loaded loading={results.loading || sheets.loading} problem={results.problem ?? sheets.problem}>
      {results.data && !mine && (
        <Alert type="info" showIcon title={`您不是“${stage.name.zh}”验收组成员，本环节无需评分 / You are not on the ${stage.name.en} panel; nothing to score here`} />
      )}
      {results.data && mine && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {mine.role === 'chair' && <Tag color="gold">您是本环节验收组长 You chair this panel</Tag>}
          <Card title="我的评审学校 My schools" size="small">
            <Table<Assignment>
              rowKey="schoolId"
              size="small"
              pagination={false}
              dataSource={assignments}
              rowClassName={(a) => (a.schoolId === selected ? 'ant-table-row-selected' : '')}
              columns={[
                { title: '学校 School', dataIndex: 'schoolName', key: 'school' },
                {
                  title: '评分表 Sheet', key: 'status',
                  render: (_: unknown, a: Assignment) => {
                    if (a.recused) return <><Tag color="red">须回避 Recused</Tag><Typography.Text type="secondary">{a.recused.reason.zh} / {a.recused.reason.en}</Typography.Text></>;
                    const s = sheetStatus[sheets.data?.find((x) => x.schoolId === a.schoolId)?.status ?? 'none'];
                    return <Tag color={s.color}>{s.text}</Tag>;
                  },
                },
                {
                  title: '本校提交进度 Panel progress', key: 'progress',
                  render: (_: unknown, a: Assignment) => {
                    const r = results.data?.results.find((x) => x.schoolId === a.schoolId);
                    return r ? `${r.submitted}/${r.sheets} 已提交 submitted` : '—';
                  },
                },
                {
                  title: '操作 Action', key: 'action',
                  render: (_: unknown, a: Assignment) => (a.recused ? <Typography.Text type="secondary">不可评分 Not actionable</Typography.Text> : (
                    <Button size="small" type={a.schoolId === selected ? 'primary' : 'default'} onClick={() => setSelected(a.schoolId)}>打分 Score</Button>
                  )),
                },
              ]}
            />
          </Card>
          {school && (
            <ScoreSheet
              key={`${stage.key}:${school.schoolId}:${sheets.data ? 'loaded' : 'loading'}`}
              campaign={campaign}
              stage={stage}
              schoolId={school.schoolId}
              schoolName={school.schoolName}
              saved={sheets.data?.find((x) => x.schoolId === school.schoolId)}
              onSaved={async () => { await Promise.all([sheets.reload(), results.reload()]); }}
            />
          )}
          {mine.role === 'chair' && <ReopenSheet campaign={campaign} stage={stage} panel={results.data.panel} schools={assignments} onDone={async () => { await Promise.all([sheets.reload(), results.reload()]); }} />}
          <SignoffForm campaign={campaign} stage={stage} results={results.data} onSigned={results.reload} />
        </Space>
      )}
    </Loaded>
  );
}
