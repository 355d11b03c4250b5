import { Alert, Button, Card, Descriptions, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing, deadline, workingDaysLabel } from '../../format';
import { useMe } from '../../me';
import { useLoad } from '../readiness/useLoad';
import type { Department } from '../readiness/types';
import { indicatorsOf } from './AcceptanceCommon';
import { levelText, type Application } from './applications';
import type { CampaignDetail, TabProps } from './types';

interface Nomination {
  school_id: string;
  department_id: string;
  indicators: string[];
  reasons: string;
  nominated_at: string;
  school_name: string;
  department_name: string;
}
interface SeedListItem {
  schoolId: string;
  code: string;
  name: string;
  district: string;
  basis: string;
}

const appStatus: Record<Application['status'], { color: string; label: string }> = {
  submitted: { color: 'processing', label: '待复核 Awaiting re-check' },
  passed: { color: 'success', label: '复核通过 Passed' },
  rejected: { color: 'error', label: '已驳回 Rejected' },
};

/** Seed selection: departments' nominations, schools' applications and their re-check, and the seed list. */
export function SeedTab({ campaign, reload }: TabProps) {
  const me = useMe();
  const campaignId = campaign.id;
  const [version, setVersion] = useState(0);
  const changed = () => {
    setVersion((v) => v + 1);
    void reload();
  };
  const nominations = useLoad(async () => (await ok(api.GET('/campaigns/{campaignId}/nominations', { params: { path: { campaignId } } }))) as unknown as Nomination[], `${campaignId}|${version}`);
  const applications = useLoad(async () => (await ok(api.GET('/campaigns/{campaignId}/applications', { params: { path: { campaignId } } }))) as unknown as Application[], `${campaignId}|${version}`);
  const seedList = useLoad(async () => (await ok(api.GET('/campaigns/{campaignId}/seed-list', { params: { path: { campaignId } } }))) as unknown as SeedListItem[], `${campaignId}|${version}`);
  const departments = useLoad(async () => (await ok(api.GET('/bureaus/{bureauId}/departments', { params: { path: { bureauId: me.bureauId } } }))) as unknown as Department[], me.bureauId);
  if (me.role !== 'bureau_admin' && me.role !== 'department_staff') return <SeedListCard rows={seedList.data} loading={seedList.loading} />;

  const phase = campaign.phases.find((p) => p.kind === 'seed_selection');
  const open = phase?.status === 'open';
  const indicators = indicatorsOf(campaign);
  const name = (k: string) => indicators.find((i) => i.key === k)?.name.zh ?? k;
  const recheckCode = ((campaign.template.rules as { recheckDepartment?: string } | undefined)?.recheckDepartment) ?? 'dudao';
  const recheckDept = departments.data?.find((d) => d.code === recheckCode);
  const canRecheck = me.role === 'bureau_admin' || (!!recheckDept && recheckDept.id === me.departmentId);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {phase ? (
        <Alert
          type={open ? 'info' : 'warning'}
          showIcon
          title={open ? `种子校圈定进行中，截止 ${deadline(phase.deadline)}（北京时间）${workingDaysLabel(phase.workingDaysLeft) ? ' · ' + workingDaysLabel(phase.workingDaysLeft) : ''} / Seed selection is open` : `种子校圈定阶段：${phase.status === 'approved' ? '已审批 Approved' : phase.status === 'awaiting_approval' ? '已截止，待审批 Closed, awaiting approval' : String(phase.status)} / Seed selection is not open`}
        />
      ) : (
        <Alert type="warning" showIcon title="本活动没有种子校圈定阶段 / This campaign has no seed selection phase" />
      )}
      {open && <NominateForm campaign={campaign} departments={departments.data ?? []} onDone={changed} />}
      <Card size="small" title={<Typography.Title level={4} style={{ margin: 0 }}>科室提名 Nominations</Typography.Title>}>
        <ProblemAlert problem={nominations.problem} />
        <Table
          rowKey={(n) => `${n.school_id}-${n.department_id}`}
          size="small"
          loading={nominations.loading}
          dataSource={nominations.data ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description="暂无提名 / No nominations yet" /> }}
          columns={[
            { title: '学校 School', dataIndex: 'school_name', width: 160 },
            { title: '提名科室 Department', dataIndex: 'department_name', width: 130 },
            { title: '依据指标 Indicators', dataIndex: 'indicators', width: 260, render: (ks: string[]) => ks.map((k) => <Tag key={k}>{name(k)}</Tag>) },
            { title: '提名理由 Reasons', dataIndex: 'reasons' },
            { title: '时间 When', dataIndex: 'nominated_at', width: 150, render: (t: string) => beijing(t) },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={<Typography.Title level={4} style={{ margin: 0 }}>学校申请与资格复核 Applications and re-check</Typography.Title>}
        extra={<Typography.Text type="secondary">复核科室 Re-check department：{recheckDept?.name ?? recheckCode}</Typography.Text>}
      >
        <ProblemAlert problem={applications.problem} />
        <Applications rows={applications.data} loading={applications.loading} campaign={campaign} canRecheck={canRecheck && phase?.status !== 'approved'} onDone={changed} />
      </Card>
      <SeedListCard rows={seedList.data} loading={seedList.loading} />
    </Space>
  );
}

function SeedListCard({ rows, loading }: { rows: SeedListItem[] | null; loading: boolean }) {
  return (
    <Card size="small" title={<Typography.Title level={4} style={{ margin: 0 }}>种子校名单（当前）The seed list as it stands</Typography.Title>}>
      <Table
        rowKey="schoolId"
        size="small"
        loading={loading}
        dataSource={rows ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        locale={{ emptyText: <Empty description="名单暂为空 / The list is empty so far" /> }}
        columns={[
          { title: '学区 District', dataIndex: 'district', width: 120 },
          { title: '代码 Code', dataIndex: 'code', width: 110 },
          { title: '学校 School', dataIndex: 'name', width: 180 },
          { title: '入选依据 Basis', dataIndex: 'basis' },
        ]}
        footer={rows && rows.length > 0 ? () => `共 ${rows.length} 所 ${rows.length} schools` : undefined}
      />
    </Card>
  );
}

interface NominateValues {
  schoolId: string;
  indicators: string[];
  reasons: string;
  departmentId?: string;
}

function NominateForm({ campaign, departments, onDone }: { campaign: CampaignDetail; departments: Department[]; onDone: () => void }) {
  const me = useMe();
  const [form] = Form.useForm<NominateValues>();
  const { run, busy, problem } = useAction(async (v: NominateValues) => {
    await ok(api.POST('/campaigns/{campaignId}/nominations', { params: { path: { campaignId: campaign.id } }, body: v }));
    form.resetFields();
    onDone();
  }, { form, success: '已提名 / Nominated' });
  return (
    <Card size="small" title="提名种子校 Nominate a seed school">
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)} style={{ maxWidth: 720 }}>
        {me.role === 'bureau_admin' && (
          <Form.Item label="代表科室 On behalf of department" name="departmentId" rules={[{ required: true, message: '请选择提名科室 / choose the department' }]}>
            <Select options={departments.map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        )}
        <Form.Item label="学校 School" name="schoolId" rules={[{ required: true, message: '请选择学校 / choose a school' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={campaign.schools.map((s) => ({ value: s.id, label: `${s.name}（${s.district}）` }))} />
        </Form.Item>
        <Form.Item label="依据指标 Indicators it rests on" name="indicators" rules={[{ required: true, message: '至少选择一项 / choose at least one' }]}>
          <Select mode="multiple" options={indicatorsOf(campaign).map((i) => ({ value: i.key, label: `${i.name.zh} ${i.name.en}` }))} />
        </Form.Item>
        <Form.Item label="提名理由 Reasons" name="reasons" rules={[{ required: true, whitespace: true, message: '请写明理由 / give the reasons' }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <ProblemAlert problem={problem} />
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>提交提名 Nominate</Button>
      </Form>
    </Card>
  );
}

function Applications({ rows, loading, campaign, canRecheck, onDone }: { rows: Application[] | null; loading: boolean; campaign: CampaignDetail; canRecheck: boolean; onDone: () => void }) {
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const pass = useAction(async (a: Application) => {
    await ok(api.POST('/applications/{applicationId}/recheck', { params: { path: { applicationId: a.id } }, body: { outcome: 'passed' } }));
    onDone();
  }, { success: '已通过复核 / Passed' });
  const school = (id: string) => campaign.schools.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const indicators = indicatorsOf(campaign);
  const queue = (rows ?? []).filter((a) => a.status === 'submitted').length;
  return (
    <>
      {queue > 0 && <Typography.Paragraph><Tag color="processing">待复核 {queue} 份 / {queue} awaiting re-check</Tag></Typography.Paragraph>}
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description="暂无学校申请 / No applications yet" /> }}
        expandable={{
          expandedRowRender: (a) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="申请理由 Statement">{a.statement}</Descriptions.Item>
              {indicators.map((i) => (
                <Descriptions.Item key={i.key} label={i.name.zh}>
                  {levelText[a.self_assessment[i.key]?.level ?? ''] ?? '—'} {a.self_assessment[i.key]?.note ? `：${a.self_assessment[i.key]!.note}` : ''}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ),
        }}
        columns={[
          { title: '学校 School', dataIndex: 'school_id', width: 170, render: (id: string) => school(id) },
          { title: '提交时间 Submitted', dataIndex: 'submitted_at', width: 150, render: (t: string) => beijing(t) },
          { title: '状态 Status', dataIndex: 'status', width: 150, render: (s: Application['status']) => <Tag color={appStatus[s].color}>{appStatus[s].label}</Tag> },
          { title: '复核期限 Re-check due', dataIndex: 'recheckDueAt', width: 150, render: (t: string | null) => (t ? deadline(t) : '—') },
          { title: '复核意见 Decision', render: (_: unknown, a: Application) => (a.decided_at ? `${a.decision_reason ?? '—'}（${beijing(a.decided_at)}）` : '—') },
          {
            title: '操作 Actions',
            width: 200,
            render: (_: unknown, a: Application) =>
              a.status === 'submitted' && canRecheck ? (
                <Space size={4}>
                  <Popconfirm title={`确认 ${school(a.school_id)} 通过资格复核？ Pass the re-check?`} okText="通过 Pass" cancelText="取消 Cancel" onConfirm={() => void pass.run(a)}>
                    <Button size="small" type="primary" loading={pass.busy}>通过 Pass</Button>
                  </Popconfirm>
                  <Button size="small" danger onClick={() => setRejecting(a)}>驳回 Reject</Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {rejecting && <RejectModal application={rejecting} schoolName={school(rejecting.school_id)} onClose={() => setRejecting(null)} onDone={() => { setRejecting(null); onDone(); }} />}
    </>
  );
}

function RejectModal({ application, schoolName, onClose, onDone }: { application: Application; schoolName: string; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { run, busy, problem } = useAction(async (v: { reason: string }) => {
    await ok(api.POST('/applications/{applicationId}/recheck', { params: { path: { applicationId: application.id } }, body: { outcome: 'rejected', reason: v.reason } }));
    onDone();
  }, { form, success: '已驳回 / Rejected' });
  return (
    <Modal open title={`驳回 ${schoolName} 的申请 Reject the application`} onCancel={onClose} okText="确认驳回 Reject" okButtonProps={{ danger: true }} cancelText="取消 Cancel" confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)}>
        <Form.Item label="驳回理由（学校将看到）Reason (the school reads it)" name="reason" rules={[{ required: true, whitespace: true, message: '驳回须写明理由 / a rejection needs a reason' }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}
