import { Button, Card, DatePicker, Descriptions, Empty, Form, Input, Modal, Result, Space, Spin, Switch, Tabs, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ok, type ApiError } from '../api';
import { ProblemAlert, useAction } from '../errors';
import { beijing, deadline, workingDaysLabel } from '../format';
import { useMe } from '../me';
import { statusTags } from './Campaigns';
import { AcceptanceTab } from './campaign/AcceptanceTab';
import { AuditTab } from './campaign/AuditTab';
import { AwardsTab } from './campaign/AwardsTab';
import { MentorsTab } from './campaign/MentorsTab';
import { PublicityTab } from './campaign/PublicityTab';
import { ReviewersTab } from './campaign/ReviewersTab';
import { SchoolTasks } from './campaign/SchoolTasks';
import { SeedTab } from './campaign/SeedTab';
import type { CampaignDetail, Phase, TabProps, TemplatePhase } from './campaign/types';

/** One campaign: where it stands (the phase timeline), and each role's work in its tabs. */
export function CampaignPage() {
  const { campaignId } = useParams();
  const me = useMe();
  const [campaign, setCampaign] = useState<CampaignDetail | null>(null);
  const [failed, setFailed] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    try {
      setCampaign((await ok(api.GET('/campaigns/{campaignId}', { params: { path: { campaignId: campaignId! } } }))) as unknown as CampaignDetail);
    } catch (err) {
      setFailed(err as ApiError);
    }
  }, [campaignId]);
  useEffect(() => void load(), [load]);
  // Live: a phase opening or closing shows without a reload (often while the workflow moves on, else every 20 s).
  const moving = !!campaign && campaign.status === 'running' && !campaign.phases.some((p) => p.key === campaign.workflow?.progress.currentPhase);
  useEffect(() => {
    const timer = setInterval(() => void load(), moving ? 1500 : 20_000);
    return () => clearInterval(timer);
  }, [load, moving]);
  if (failed) return <Result status="warning" title={failed.problem?.titleZh ?? '无法加载 / Cannot load'} subTitle={failed.problem?.titleEn} extra={<Link to="/campaigns">返回 Back</Link>} />;
  if (!campaign) return <Spin tip="加载中 / Loading"><div style={{ height: 240 }} /></Spin>;

  const props: TabProps = { campaign, reload: load };
  const tab = (key: string, label: string, children: React.ReactNode) => ({ key, label, children });
  const tabs = {
    bureau_admin: [
      tab('timeline', '进度 Timeline', <PhaseTimeline {...props} />),
      tab('seed', '种子校 Seed schools', <SeedTab {...props} />),
      tab('publicity', '公示与异议 Publicity', <PublicityTab {...props} />),
      tab('mentors', '导师与结对 Mentors & pairing', <MentorsTab {...props} />),
      tab('reviewers', '评审专家 Reviewers', <ReviewersTab {...props} />),
      tab('acceptance', '验收评分 Scoring', <AcceptanceTab {...props} />),
      tab('awards', '表彰 Awards', <AwardsTab {...props} />),
      tab('audit', '审计 Audit', <AuditTab {...props} />),
    ],
    department_staff: [
      tab('timeline', '进度 Timeline', <PhaseTimeline {...props} />),
      tab('seed', '种子校 Seed schools', <SeedTab {...props} />),
      tab('publicity', '异议处理 Objections', <PublicityTab {...props} />),
      tab('mentors', '导师与结对 Mentors & pairing', <MentorsTab {...props} />),
    ],
    school: [
      tab('tasks', '我的任务 My tasks', <SchoolTasks {...props} />),
      tab('publicity', '公示与异议 Publicity', <PublicityTab {...props} />),
      tab('awards', '表彰 Awards', <AwardsTab {...props} />),
    ],
    reviewer: [
      tab('acceptance', '评审 Review', <AcceptanceTab {...props} />),
      tab('timeline', '进度 Timeline', <PhaseTimeline {...props} />),
    ],
  }[me.role];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>{campaign.name}</Typography.Title>
        <Space wrap>
          <Tag color={statusTags[campaign.status]?.color}>{statusTags[campaign.status]?.label ?? campaign.status}</Tag>
          <span>{campaign.template.name.zh} / {campaign.template.name.en}</span>
          <span>参与学校 Schools：{campaign.schools.length}</span>
        </Space>
      </Card>
      <Card>
        <Tabs items={tabs} destroyOnHidden />
      </Card>
    </Space>
  );
}

const planned = (c: CampaignDetail, key: string) => (c.planned ?? []).find((x) => x.key === key);

const phaseState = (p: Phase | undefined, current: string | null | undefined, key: string) => {
  if (!p) return { color: 'gray', label: current === key ? '即将开始 Starting' : '未开始 Next' };
  if (p.status === 'approved') return { color: 'green', label: '已完成 Done' };
  if (p.status === 'awaiting_approval') return { color: 'orange', label: '待审批 Awaiting approval' };
  return { color: 'blue', label: '进行中 Now' };
};

/** Done, now and next, each deadline with working days left, and what each phase waits for. */
function PhaseTimeline({ campaign, reload }: TabProps) {
  const me = useMe();
  const current = campaign.workflow?.progress.currentPhase;
  if (campaign.template.phases.length === 0) return <Empty />;
  return (
    <Timeline
      items={campaign.template.phases.map((tp) => {
        const p = campaign.phases.find((x) => x.key === tp.key);
        const s = phaseState(p, current, tp.key);
        return {
          color: s.color,
          children: (
            <div data-testid={`phase-${tp.key}`}>
              <Space wrap>
                <Typography.Text strong>{tp.name.zh} {tp.name.en}</Typography.Text>
                <Tag color={s.color === 'gray' ? 'default' : s.color}>{s.label}</Tag>
              </Space>
              {p && (
                <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 8 }}>
                  <Descriptions.Item label="开始 Opened">{beijing(p.openedAt)}</Descriptions.Item>
                  <Descriptions.Item label="截止 Deadline">{deadline(p.deadline)} {p.status === 'open' && <Tag color="blue">{workingDaysLabel(p.workingDaysLeft)}</Tag>}</Descriptions.Item>
                  {p.approvedAt && <Descriptions.Item label="审批 Approved">{beijing(p.approvedAt)} {p.approvalNote ?? ''}</Descriptions.Item>}
                </Descriptions>
              )}
              {!p && planned(campaign, tp.key) && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  预计 Expected：{beijing(planned(campaign, tp.key)!.opensAt)} 开始 opens，{deadline(planned(campaign, tp.key)!.deadline)} 截止 due（按前一阶段截止即审批推算 / if each phase is approved at its deadline）
                </Typography.Paragraph>
              )}
              {p?.status === 'open' && <Typography.Text type="secondary">等待截止后审批 / waits for its deadline, then the bureau's approval</Typography.Text>}
              {p?.status === 'open' && (me.role === 'bureau_admin' || me.role === 'department_staff') && <Owed campaignId={campaign.id} phaseKey={p.key} />}
              {p?.status === 'awaiting_approval' && <Typography.Text type="secondary">已截止，等待教育局审批 / closed, awaiting the bureau's approval</Typography.Text>}
              {p && me.role === 'bureau_admin' && p.status !== 'approved' && <PhaseActions campaign={campaign} phase={p} template={tp} reload={reload} />}
            </div>
          ),
        };
      })}
    />
  );
}

interface OwedAnswer {
  owed: { zh: string; en: string } | null;
  people: { id: string; displayName: string }[];
  departments: { id: string; name: string }[];
}

/** Who still owes what in an open phase (the same reckoning its reminders use). */
function Owed({ campaignId, phaseKey }: { campaignId: string; phaseKey: string }) {
  const [answer, setAnswer] = useState<OwedAnswer | null>(null);
  useEffect(() => {
    ok(api.GET('/campaigns/{campaignId}/phases/{phaseKey}/owed', { params: { path: { campaignId, phaseKey } } }))
      .then((a) => setAnswer(a as unknown as OwedAnswer))
      .catch(() => setAnswer(null));
  }, [campaignId, phaseKey]);
  if (!answer?.owed) return null;
  const who = [...answer.departments.map((d) => d.name), ...answer.people.map((p) => p.displayName)];
  return (
    <div data-testid={`owed-${phaseKey}`} style={{ marginTop: 4 }}>
      <Typography.Text>待办 Still owed：{answer.owed.zh} / {answer.owed.en}</Typography.Text>
      {who.length > 0 && <div><Typography.Text type="secondary">责任人 Who：{who.join('、')}</Typography.Text></div>}
    </div>
  );
}

/** Approve (or re-publicise) a phase, or move its deadline; a refusal stays on the page with its reasons. */
function PhaseActions({ campaign, phase, template, reload }: { campaign: CampaignDetail; phase: Phase; template: TemplatePhase; reload: () => Promise<void> }) {
  const [form] = Form.useForm<{ note?: string; republish?: boolean }>();
  const [moveForm] = Form.useForm<{ deadline: Dayjs; reason: string }>();
  const [moving, setMoving] = useState(false);
  const params = { path: { campaignId: campaign.id, phaseKey: phase.key } };
  const approve = useAction(async (v: { note?: string; republish?: boolean }) => {
    await ok(api.POST('/campaigns/{campaignId}/phases/{phaseKey}/approve', { params, body: { note: v.note || undefined, republish: v.republish || undefined } }));
    await reload();
  }, { form, success: '已审批 / Approved' });
  const move = useAction(async (v: { deadline: Dayjs; reason: string }) => {
    await ok(api.POST('/campaigns/{campaignId}/phases/{phaseKey}/deadline', { params, body: { deadline: v.deadline.toISOString(), reason: v.reason } }));
    setMoving(false);
    await reload();
  }, { form: moveForm, success: '截止时间已调整 / Deadline moved' });
  return (
    <div style={{ marginTop: 8 }}>
      <Form form={form} layout="inline" onFinish={(v) => void approve.run(v)}>
        <Form.Item label="审批意见 Note" name="note"><Input placeholder="同意" style={{ width: 220 }} /></Form.Item>
        {template.kind === 'publicity' && (
          <Form.Item label="重新公示 Re-publicise" name="republish" valuePropName="checked"><Switch /></Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={approve.busy}>审批通过 Approve</Button>
        {phase.status === 'open' && <Button style={{ marginLeft: 8 }} onClick={() => setMoving(true)}>调整截止 Move deadline</Button>}
      </Form>
      <div style={{ marginTop: 8 }}><ProblemAlert problem={approve.problem} /></div>
      <Modal title="调整截止时间 Move the deadline" open={moving} onCancel={() => setMoving(false)} onOk={() => moveForm.submit()} okText="确定 Move" cancelText="取消 Cancel" confirmLoading={move.busy}>
        <Form form={moveForm} layout="vertical" onFinish={(v) => void move.run(v)}>
          <Form.Item label="新的截止时间 New deadline" name="deadline" rules={[{ required: true }]}><DatePicker showTime /></Form.Item>
          <Form.Item label="理由 Reason" name="reason" rules={[{ required: true, message: '请写明理由 / a reason is required' }]}><Input.TextArea rows={3} /></Form.Item>
        </Form>
        <ProblemAlert problem={move.problem} />
      </Modal>
    </div>
  );
}
