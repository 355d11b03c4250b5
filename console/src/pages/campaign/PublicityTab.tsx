import { Button, Card, Empty, Form, Input, Modal, Radio, Select, Space, Spin, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ok, toEvidence } from '../../api';
import { ProblemAlert, useAction, useProblem } from '../../errors';
import { beijing, deadline, workingDaysLabel } from '../../format';
import { useMe } from '../../me';
import type { TabProps } from './types';

interface ListItem {
  schoolId: string;
  code: string;
  name: string;
  district: string;
  basis?: string;
}
interface Window {
  id: string;
  phaseKey: string;
  round: number;
  status: string;
  opensAt: string;
  closesAt: string;
  published: { version: number; items: ListItem[]; contentHash: string };
  latest: { version: number; items: ListItem[] };
  final: { version: number } | null;
  objections: { received: number; assigned: number; decided: number; overdue: number };
}
export interface ObjectionRow {
  id: string;
  windowId: string;
  status: 'received' | 'assigned' | 'decided';
  statusLabel: { zh: string; en: string };
  receivedAt: string;
  handlingDeadline: string;
  outcome: 'upheld' | 'dismissed' | null;
  outcomeLabel: { zh: string; en: string } | null;
  decisionReason: string | null;
  submitterKind: 'school' | 'unit' | 'person' | 'clerk';
  submitter: Record<string, string>;
  aboutSchoolId: string | null;
  facts: string;
  reasons: string;
  handlerDepartmentId: string | null;
  overdue: boolean;
  workingDaysLeft: number | null;
}
interface Department {
  id: string;
  code: string;
  name: string;
}

const windowStatus: Record<string, string> = { open: '公示中 Open', closed: '已截止 Closed', finalised: '已定稿 Final' };

/** Publicity windows and the objection inbox (overdue first); a school objects and follows its own. */
export function PublicityTab({ campaign, reload }: TabProps) {
  const me = useMe();
  const show = useProblem();
  const [windows, setWindows] = useState<Window[] | null>(null);
  const [objections, setObjections] = useState<ObjectionRow[] | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const load = useCallback(async () => {
    const path = { campaignId: campaign.id };
    try {
      const [w, o, d] = await Promise.all([
        ok(api.GET('/campaigns/{campaignId}/publicity', { params: { path } })),
        ok(api.GET('/campaigns/{campaignId}/objections', { params: { path, query: {} } })),
        ok(api.GET('/bureaus/{bureauId}/departments', { params: { path: { bureauId: campaign.bureauId } } })),
      ]);
      setWindows(w as unknown as Window[]);
      setObjections(o as unknown as ObjectionRow[]);
      setDepartments(d as unknown as Department[]);
    } catch (err) {
      show(err);
      setWindows([]);
      setObjections([]);
    }
  }, [campaign.id, campaign.bureauId, show]);
  useEffect(() => void load(), [load]);
  const refresh = async () => {
    await load();
    await reload();
  };
  if (!windows || !objections) return <Spin tip="加载中 / Loading"><div style={{ height: 160 }} /></Spin>;
  const phaseName = (key: string) => campaign.template.phases.find((p) => p.key === key)?.name.zh ?? key;
  const schoolName = (id: string | null) => campaign.schools.find((s) => s.id === id)?.name ?? '—';
  const open = windows.filter((w) => w.status === 'open');

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <section>
        <Typography.Title level={4}>公示 Publicity windows</Typography.Title>
        {windows.length === 0 ? (
          <Empty description="尚无公示 / No publicity window yet" />
        ) : (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 700 }}
            dataSource={windows}
            columns={[
              { title: '阶段 Phase', render: (_: unknown, w) => `${phaseName(w.phaseKey)}（第 ${w.round} 轮 round ${w.round}）` },
              { title: '公示期 Period', render: (_: unknown, w) => `${beijing(w.opensAt)} — ${deadline(w.closesAt)}` },
              { title: '状态 Status', render: (_: unknown, w) => <Tag color={w.status === 'open' ? 'processing' : 'default'}>{windowStatus[w.status] ?? w.status}</Tag> },
              { title: '名单 List', render: (_: unknown, w) => `${w.latest.items.length} 所（v${w.latest.version}）` },
              { title: '异议 Objections', render: (_: unknown, w) => `待处理 ${w.objections.received + w.objections.assigned}，逾期 ${w.objections.overdue}，已决定 ${w.objections.decided}` },
              { title: '公示页 Notice', render: (_: unknown, w) => <Space><a href={`/console/notice/${w.id}`} target="_blank" rel="noreferrer">公示页 Notice</a><a href={`/notices/${w.id}/print`} target="_blank" rel="noreferrer">打印 Print</a></Space> },
            ]}
          />
        )}
      </section>
      {me.role === 'school' && open.length > 0 && <SchoolObjectionForm windows={open} campaign={campaign} onDone={refresh} phaseName={phaseName} />}
      <section>
        <Typography.Title level={4}>{me.role === 'school' ? '本校提出的异议 Our objections' : '异议受理 Objection inbox'}</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          dataSource={objections}
          locale={{ emptyText: <Empty description="暂无异议 / No objections" /> }}
          expandable={{ expandedRowRender: (o) => <ObjectionDetail o={o} /> }}
          columns={[
            { title: '收到 Received', dataIndex: 'receivedAt', render: (t: string) => beijing(t) },
            { title: '提出方 From', render: (_: unknown, o) => submitterLabel(o) },
            { title: '涉及学校 About', render: (_: unknown, o) => schoolName(o.aboutSchoolId) },
            { title: '状态 Status', render: (_: unknown, o) => <Space wrap><Tag color={o.status === 'decided' ? 'success' : 'processing'}>{o.statusLabel.zh} {o.statusLabel.en}</Tag>{o.outcomeLabel && <Tag>{o.outcomeLabel.zh}</Tag>}{o.overdue && <Tag color="error">已逾期 Overdue</Tag>}</Space> },
            { title: '处理时限 Handle by', render: (_: unknown, o) => <>{deadline(o.handlingDeadline)} {o.status !== 'decided' && <Tag>{workingDaysLabel(o.workingDaysLeft)}</Tag>}</> },
            { title: '承办科室 Department', render: (_: unknown, o) => departments.find((d) => d.id === o.handlerDepartmentId)?.name ?? '未分派 Unassigned' },
            ...(me.role === 'school' ? [] : [{ title: '操作 Actions', render: (_: unknown, o: ObjectionRow) => o.status !== 'decided' && <ObjectionActions o={o} departments={departments} onDone={refresh} /> }]),
          ]}
        />
      </section>
    </Space>
  );
}

export function submitterLabel(o: Pick<ObjectionRow, 'submitterKind' | 'submitter'>): string {
  const s = o.submitter;
  if (o.submitterKind === 'person') return `${s.name}（${s.unit}）`;
  if (o.submitterKind === 'unit') return `${s.unitName}（${s.contactName}）`;
  return s.schoolName ? `${s.schoolName}（${s.contactName ?? ''}）` : Object.values(s).join(' ');
}

function ObjectionDetail({ o }: { o: ObjectionRow }) {
  return (
    <div style={{ whiteSpace: 'pre-wrap' }}>
      <p><b>事实 Facts：</b>{o.facts}</p>
      <p><b>理由 Reasons：</b>{o.reasons}</p>
      {o.decisionReason && <p><b>答复 Decision：</b>{o.outcomeLabel?.zh}。{o.decisionReason}</p>}
    </div>
  );
}

function ObjectionActions({ o, departments, onDone }: { o: ObjectionRow; departments: Department[]; onDone: () => Promise<void> }) {
  const me = useMe();
  const [deciding, setDeciding] = useState(false);
  const [form] = Form.useForm<{ outcome: 'upheld' | 'dismissed'; reason: string }>();
  const path = { objectionId: o.id };
  const assign = useAction(async (departmentId: string) => {
    await ok(api.POST('/objections/{objectionId}/assign', { params: { path }, body: { departmentId } }));
    await onDone();
  }, { success: '已分派 / Assigned' });
  const decide = useAction(async (v: { outcome: 'upheld' | 'dismissed'; reason: string }) => {
    await ok(api.POST('/objections/{objectionId}/decision', { params: { path }, body: v }));
    setDeciding(false);
    await onDone();
  }, { form, success: '已作出决定 / Decided' });
  return (
    <Space wrap>
      {me.role === 'bureau_admin' && (
        <Select aria-label="分派科室 Assign to" placeholder="分派科室 Assign to" style={{ width: 150 }} value={o.handlerDepartmentId ?? undefined} loading={assign.busy} onChange={(v: string) => void assign.run(v)} options={departments.map((d) => ({ value: d.id, label: d.name }))} />
      )}
      <Button size="small" type="primary" onClick={() => setDeciding(true)}>作出决定 Decide</Button>
      <Modal title="作出决定 Decide the objection" open={deciding} onCancel={() => setDeciding(false)} onOk={() => form.submit()} okText="提交决定 Submit decision" cancelText="取消 Cancel" confirmLoading={decide.busy}>
        <Form form={form} layout="vertical" onFinish={(v) => void decide.run(v)}>
          <Form.Item label="结论 Outcome" name="outcome" rules={[{ required: true, message: '请选择结论 / choose an outcome' }]}>
            <Radio.Group options={[{ value: 'upheld', label: '异议成立 Upheld' }, { value: 'dismissed', label: '异议不成立 Dismissed' }]} />
          </Form.Item>
          <Form.Item label="书面答复 Written reason" name="reason" rules={[{ required: true, message: '请写明理由 / a reason is required' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
        <ProblemAlert problem={decide.problem} />
      </Modal>
    </Space>
  );
}

interface SchoolObjectionValues {
  windowId: string;
  aboutSchoolId?: string;
  contactName: string;
  contactPhone: string;
  facts: string;
  reasons: string;
}

/** A signed-in school objects during an open window, with a contact and evidence. */
function SchoolObjectionForm({ windows, campaign, onDone, phaseName }: { windows: Window[]; campaign: TabProps['campaign']; onDone: () => Promise<void>; phaseName: (k: string) => string }) {
  const [form] = Form.useForm<SchoolObjectionValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const windowId = Form.useWatch('windowId', form) ?? windows[0]!.id;
  const listed = windows.find((w) => w.id === windowId)?.latest.items ?? [];
  const submit = useAction(async (v: SchoolObjectionValues) => {
    const evidence = await Promise.all(files.map((f) => toEvidence(f.originFileObj as File)));
    await ok(
      api.POST('/notices/{windowId}/objections', {
        params: { path: { windowId: v.windowId }, header: { 'idempotency-key': crypto.randomUUID() } },
        body: { contact: { name: v.contactName, phone: v.contactPhone }, aboutSchoolId: v.aboutSchoolId, facts: v.facts, reasons: v.reasons, evidence },
      }),
    );
    form.resetFields(['facts', 'reasons', 'aboutSchoolId']);
    setFiles([]);
    await onDone();
  }, { form, success: '异议已提交，请在下方跟踪处理进度 / Objection submitted; follow it below' });
  return (
    <Card size="small" title="提出异议 Object to a list">
      <Form form={form} layout="vertical" initialValues={{ windowId: windows[0]!.id }} onFinish={(v) => void submit.run(v)} style={{ maxWidth: 720 }}>
        <Form.Item label="公示 Window" name="windowId">
          <Select options={windows.map((w) => ({ value: w.id, label: `${phaseName(w.phaseKey)}（截止 ${deadline(w.closesAt)}）` }))} />
        </Form.Item>
        <Form.Item label="涉及学校 About school" name="aboutSchoolId">
          <Select allowClear placeholder="（可不选 / optional）" options={listed.map((s) => ({ value: s.schoolId, label: `${s.name}（${s.code}）` }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item label="联系人 Contact name" name="contactName" rules={[{ required: true, message: '请填写联系人 / a contact is required' }]}><Input /></Form.Item>
          <Form.Item label="联系电话 Contact phone" name="contactPhone" rules={[{ required: true, message: '请填写电话 / a phone is required' }]}><Input /></Form.Item>
        </Space>
        <Form.Item label="事实 Facts" name="facts" rules={[{ required: true, message: '请写明事实 / state the facts' }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item label="理由 Reasons" name="reasons" rules={[{ required: true, message: '请写明理由 / state the reasons' }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item label="证据材料 Evidence（PDF、图片、Word、Excel，每个 ≤ 5 MB）">
          <Upload fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} multiple maxCount={5}>
            <Button>选择文件 Choose files</Button>
          </Upload>
        </Form.Item>
        <ProblemAlert problem={submit.problem} />
        <Button type="primary" htmlType="submit" loading={submit.busy} style={{ marginTop: 8 }}>提交异议 Submit objection</Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{campaign.name}：公示期内以学校名义提出，须写明联系人。/ Objections are taken during the window under the school's name with a contact.</Typography.Paragraph>
    </Card>
  );
}
