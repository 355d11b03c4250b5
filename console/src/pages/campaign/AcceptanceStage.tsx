import { Alert, Button, Card, Empty, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo } from 'react';
import { api, ok } from '../../api';
import { useAction } from '../../errors';
import { beijing } from '../../format';
import { indicatorsOf, Loaded, scoringOf, useLoad, type Indicator, type ScoringStage } from './AcceptanceCommon';
import { fetchAssignments, fetchResults, fetchReviewers, type Account, type PanelMember, type SchoolResult, type StageResults } from './AcceptanceApi';
import type { CampaignDetail } from './types';

/** One acceptance stage for the bureau: the panel, scoring progress and results, sign-offs. */
export function AdminStage({ campaign, stage, canEdit }: { campaign: CampaignDetail; stage: ScoringStage; canEdit: boolean }) {
  const results = useLoad(useCallback(() => fetchResults(campaign.id, stage.key), [campaign.id, stage.key]));
  // Names of reviewers: the bureau's accounts (admin), else the assignments (department staff).
  const names = useLoad(
    useCallback(async () => {
      const map = new Map<string, string>();
      const reviewers: Account[] = canEdit ? await fetchReviewers(campaign.bureauId) : [];
      for (const a of reviewers) map.set(a.id, a.displayName);
      if (!canEdit) for (const a of await fetchAssignments(campaign.id)) map.set(a.reviewerId, a.reviewerName);
      return { map, reviewers };
    }, [campaign.id, campaign.bureauId, canEdit]),
  );
  const nameOf = (id: string) => names.data?.map.get(id) ?? `${id.slice(0, 8)}…`;
  return (
    <Loaded loading={results.loading || names.loading} problem={results.problem ?? names.problem}>
      {results.data && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {canEdit && <PanelForm campaign={campaign} stage={stage} panel={results.data.panel} reviewers={names.data?.reviewers ?? []} onSaved={results.reload} />}
          {!canEdit && <PanelView panel={results.data.panel} nameOf={nameOf} />}
          <StageProgress campaign={campaign} results={results.data.results} nameOf={nameOf} />
          <SignoffList results={results.data} nameOf={nameOf} />
        </Space>
      )}
    </Loaded>
  );
}

interface PanelValues {
  members: string[];
  chair?: string;
}

/** Forms the stage's panel: reviewer accounts of the bureau, exactly one of them chair. */
function PanelForm({ campaign, stage, panel, reviewers, onSaved }: { campaign: CampaignDetail; stage: ScoringStage; panel: PanelMember[]; reviewers: Account[]; onSaved: () => Promise<void> }) {
  const [form] = Form.useForm<PanelValues>();
  const { minPanel } = scoringOf(campaign);
  const members = Form.useWatch('members', form) ?? [];
  useEffect(() => {
    form.setFieldsValue({ members: panel.map((m) => m.reviewer_id), chair: panel.find((m) => m.role === 'chair')?.reviewer_id });
  }, [form, panel]);
  const save = useAction(
    async (v: PanelValues) => {
      const body = { members: v.members.map((id) => ({ reviewerId: id, role: id === v.chair ? ('chair' as const) : ('member' as const) })) };
      await ok(api.PUT('/campaigns/{campaignId}/panels/{stageKey}', { params: { path: { campaignId: campaign.id, stageKey: stage.key } }, body }));
      await onSaved();
    },
    { form, success: '验收组已保存 / Panel saved' },
  );
  const active = reviewers.filter((r) => !r.disabled);
  const label = (id: string) => {
    const r = reviewers.find((x) => x.id === id);
    return r ? `${r.displayName}（${r.username}）` : id;
  };
  return (
    <Card title={`验收组 Panel · ${stage.name.zh} ${stage.name.en}`} size="small">
      {active.length === 0 ? (
        <Empty description="本局还没有评审专家账号，请先在“账号”页创建 / No reviewer accounts yet: create them under Accounts" />
      ) : (
        <Form form={form} name={`panel-${stage.key}`} layout="vertical" onFinish={(v) => void save.run(v)} style={{ maxWidth: 640 }}>
          <Form.Item name="members" label="验收组成员 Panel members" rules={[{ required: true, message: '请选择验收组成员 / Choose the panel members' }]} extra={`每所学校至少需要 ${minPanel} 份评分 / each school needs at least ${minPanel} sheets`}>
            <Select mode="multiple" allowClear optionFilterProp="label" placeholder="选择评审专家 Choose reviewers" options={active.map((r) => ({ value: r.id, label: label(r.id) }))} />
          </Form.Item>
          <Form.Item
            name="chair"
            label="验收组长 Chair"
            dependencies={['members']}
            rules={[
              { required: true, message: '验收组须有且仅有一名组长 / Choose exactly one chair' },
              { validator: async (_r, v?: string) => { if (v && !form.getFieldValue('members')?.includes(v)) throw new Error('组长须是验收组成员 / The chair must be a panel member'); } },
            ]}
          >
            <Select placeholder="从成员中选择组长 Choose the chair" options={members.map((id) => ({ value: id, label: label(id) }))} />
          </Form.Item>
          {members.length > 0 && members.length < minPanel && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`当前 ${members.length} 人，少于每校最少 ${minPanel} 份评分的要求 / ${members.length} members: fewer than the ${minPanel} sheets each school needs`} />
          )}
          <Button type="primary" htmlType="submit" loading={save.busy}>保存验收组 Save panel</Button>
        </Form>
      )}
    </Card>
  );
}

/** The panel as it stands, for those who may not change it. */
function PanelView({ panel, nameOf }: { panel: PanelMember[]; nameOf: (id: string) => string }) {
  return (
    <Card title="验收组 Panel" size="small">
      {panel.length === 0 ? <Empty description="尚未组建验收组 / No panel yet" /> : (
        <Space wrap>{panel.map((m) => <Tag key={m.reviewer_id} color={m.role === 'chair' ? 'gold' : undefined}>{nameOf(m.reviewer_id)}{m.role === 'chair' ? '（组长 Chair）' : ''}</Tag>)}</Space>
      )}
    </Card>
  );
}

/** Scoring progress and results per school, each aggregate explained. */
function StageProgress({ campaign, results, nameOf }: { campaign: CampaignDetail; results: SchoolResult[]; nameOf: (id: string) => string }) {
  const indicators = indicatorsOf(campaign);
  const columns = useMemo(
    () => [
      { title: '学校 School', dataIndex: 'name', key: 'name' },
      {
        title: '评分进度 Progress', key: 'progress',
        render: (_: unknown, r: SchoolResult) => (
          <Space wrap>
            <span>{r.submitted}/{r.sheets} 已提交 submitted</span>
            {r.complete ? <Tag color="success">可计分 Complete</Tag> : <Tag color="warning">{r.sheets < r.minPanel ? `不足 ${r.minPanel} 份 fewer than ${r.minPanel}` : '待提交 Drafts pending'}</Tag>}
          </Space>
        ),
      },
      { title: '环节得分 Stage total', key: 'total', render: (_: unknown, r: SchoolResult) => (r.result ? <Typography.Text strong>{r.result.total}</Typography.Text> : '—') },
      {
        title: '偏离评审 Divergent reviewers', key: 'divergent',
        render: (_: unknown, r: SchoolResult) =>
          !r.result || r.result.divergent.length === 0 ? '—' : r.result.divergent.map((d) => (
            <div key={d.reviewerId}><Tag color="red">{nameOf(d.reviewerId)}</Tag>{d.explanation.zh} / {d.explanation.en}</div>
          )),
      },
    ],
    [nameOf],
  );
  return (
    <Card title="评分进度与结果 Scoring progress and results" size="small">
      <Table<SchoolResult>
        rowKey="schoolId"
        size="small"
        pagination={false}
        dataSource={results}
        columns={columns}
        locale={{ emptyText: <Empty description="尚无评分表 / No score sheets yet" /> }}
        expandable={{ rowExpandable: (r) => !!r.result, expandedRowRender: (r) => <IndicatorAggregates indicators={indicators} result={r} /> }}
      />
    </Card>
  );
}

function IndicatorAggregates({ indicators, result }: { indicators: Indicator[]; result: SchoolResult }) {
  const rows = indicators.map((i) => ({ key: i.key, name: `${i.name.zh} ${i.name.en}`, agg: result.result?.indicators[i.key] }));
  return (
    <Table
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '指标 Indicator', dataIndex: 'name', key: 'name' },
        { title: '得分 Score', key: 'value', render: (_: unknown, r: (typeof rows)[number]) => r.agg?.value ?? '—' },
        { title: '计算说明 How it was computed', key: 'why', render: (_: unknown, r: (typeof rows)[number]) => (r.agg ? `${r.agg.explanation.zh} / ${r.agg.explanation.en}` : '—') },
      ]}
    />
  );
}

/** Who signed the stage result, with any dissent, and who is missing. */
export function SignoffList({ results, nameOf }: { results: StageResults; nameOf: (id: string) => string }) {
  const signedOf = (id: string) => results.signoffs.find((s) => s.reviewerId === id);
  return (
    <Card
      title="签字确认 Sign-offs"
      size="small"
      extra={
        <Space wrap>
          <span>{results.signoffs.length}/{results.panel.length} 已签字 signed</span>
          {results.allSigned && <Tag color="success">全部签字 All signed</Tag>}
          {results.closedByQuorum && <Tag color="warning">截止后按法定人数结束 Closed by quorum after the deadline</Tag>}
        </Space>
      }
    >
      {results.panel.length === 0 ? <Empty description="尚未组建验收组 / No panel yet" /> : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {results.panel.map((m) => {
            const s = signedOf(m.reviewer_id);
            return (
              <Space key={m.reviewer_id} wrap>
                <span>{nameOf(m.reviewer_id)}</span>
                {m.role === 'chair' && <Tag color="gold">组长 Chair</Tag>}
                {!s && <Tag>未签字 Not signed</Tag>}
                {s && !s.dissent && <Tag color="success">已签字 Signed · {beijing(s.signedAt)}</Tag>}
                {s?.dissent && <Tag color="orange">附异议签字 Signed with dissent · {beijing(s.signedAt)}</Tag>}
                {s?.dissent && <Typography.Text type="secondary">异议 Dissent：{s.dissent}</Typography.Text>}
              </Space>
            );
          })}
        </Space>
      )}
    </Card>
  );
}
