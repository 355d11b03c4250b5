import { Alert, Button, Card, DatePicker, Empty, Form, Input, InputNumber, List, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing, pct } from '../../format';
import type { Me } from '../../me';
import { useLoad } from './useLoad';
import { schoolYears, type Localized, type School } from './types';

interface Target {
  key: string;
  name: Localized;
  due: string;
  level: 'primary' | 'junior' | 'all';
  atLeast: number;
  schoolYear: string;
}
interface TargetPlan {
  id: string;
  name: string;
  targets: Target[];
  results: { key: string; checkedAt: string; measured: number; required: number; met: boolean; explanation: Localized }[];
  accountability: { key: string; year: number; schoolId: string; consequence: 'no_honours' | 'principal_flagged' | string; reason: Localized }[];
}

const levelText = { primary: '小学 Primary', junior: '初中 Junior', all: '全部 All' } as const;
const consequenceText: Record<string, string> = { no_honours: '当年不得评优 No honours this year', principal_flagged: '校长列入问责 Principal flagged' };

/** Multi-year target plans (十大行动计划, 优质均衡创建方案): each target's result and who is held to account. */
export function TargetPlans({ me }: { me: Me }) {
  const { bureauId } = me;
  const plans = useLoad(async () => (await ok(api.GET('/bureaus/{bureauId}/target-plans', { params: { path: { bureauId } } }))) as unknown as TargetPlan[], bureauId);
  const schools = useLoad(async () => (await ok(api.GET('/bureaus/{bureauId}/schools', { params: { path: { bureauId } } }))) as unknown as School[], bureauId);
  const [creating, setCreating] = useState(false);
  const schoolName = (id: string) => schools.data?.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  return (
    <Card
      size="small"
      title={<Typography.Title level={4} style={{ margin: 0 }}>目标规划 Target plans</Typography.Title>}
      extra={me.role === 'bureau_admin' && <Button type="primary" onClick={() => setCreating(true)}>新建目标规划 New plan</Button>}
    >
      <Typography.Paragraph type="secondary">
        每个目标到期时自动核查达标学段比例；未达成的学校当年不得评优，连续两次未达成的学校校长列入问责。
        <br />Each target is checked on its date; schools that miss it get no honours that year, and two misses in a row flag the principal.
      </Typography.Paragraph>
      {plans.loading && !plans.data ? <Skeleton active /> : plans.problem ? <ProblemAlert problem={plans.problem} /> : (plans.data ?? []).length === 0 ? <Empty description="暂无目标规划 / No target plans yet" /> : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {plans.data!.map((p) => <PlanCard key={p.id} plan={p} schoolName={schoolName} />)}
        </Space>
      )}
      {creating && <CreatePlan bureauId={bureauId} onClose={() => setCreating(false)} onDone={() => { setCreating(false); void plans.reload(); }} />}
    </Card>
  );
}

function PlanCard({ plan, schoolName }: { plan: TargetPlan; schoolName: (id: string) => string }) {
  return (
    <Card size="small" type="inner" title={plan.name}>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ x: 900 }}
        dataSource={plan.targets}
        columns={[
          { title: '目标 Target', render: (_: unknown, t: Target) => <>{t.name.zh}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.name.en}</Typography.Text></> },
          { title: '学年 Year', dataIndex: 'schoolYear', width: 100 },
          { title: '学段 Level', dataIndex: 'level', width: 110, render: (l: Target['level']) => levelText[l] },
          { title: '要求达标比例 Required', dataIndex: 'atLeast', width: 120, render: (x: number) => `≥ ${pct(x)}` },
          { title: '到期 Due', dataIndex: 'due', width: 110 },
          {
            title: '结果 Result',
            width: 320,
            render: (_: unknown, t: Target) => {
              const r = plan.results.find((x) => x.key === t.key);
              if (!r) return <Tag>未到期 Not checked yet</Tag>;
              return (
                <>
                  {r.met ? <Tag color="success">已达成 Met</Tag> : <Tag color="error">未达成 Missed</Tag>} {pct(r.measured)}（{beijing(r.checkedAt)}）
                  <div style={{ fontSize: 12 }}>{r.explanation.zh}</div>
                </>
              );
            },
          },
        ]}
      />
      {plan.accountability.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>问责 Accountability</Typography.Title>
          <List
            size="small"
            dataSource={plan.accountability}
            renderItem={(a) => (
              <List.Item>
                <div>
                  <Tag color={a.consequence === 'principal_flagged' ? 'error' : 'warning'}>{consequenceText[a.consequence] ?? a.consequence}</Tag>
                  <b>{schoolName(a.schoolId)}</b>（{a.year}，{a.key}）：{a.reason.zh}
                </div>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

interface TargetForm {
  key: string;
  zh: string;
  en: string;
  due: Dayjs;
  level: Target['level'];
  percent: number;
  schoolYear: string;
}

function CreatePlan({ bureauId, onClose, onDone }: { bureauId: string; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ name: string; targets: TargetForm[] }>();
  const { run, busy, problem } = useAction(async (v: { name: string; targets: TargetForm[] }) => {
    await ok(api.POST('/bureaus/{bureauId}/target-plans', {
      params: { path: { bureauId } },
      body: { name: v.name, targets: v.targets.map((t) => ({ key: t.key, name: { zh: t.zh, en: t.en }, due: t.due.format('YYYY-MM-DD'), level: t.level, atLeast: Math.round(t.percent * 10) / 1000, schoolYear: t.schoolYear })) },
    }));
    onDone();
  }, { form, success: '目标规划已建立，到期将自动核查 / Plan declared; each target is checked on its date' });
  return (
    <Modal open width={820} title="新建目标规划 New target plan" onCancel={onClose} okText="建立 Declare" cancelText="取消 Cancel" confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={{ targets: [{ key: 'y2026', level: 'all', percent: 80, schoolYear: '2025-2026' }] }}>
        <Form.Item label="规划名称 Plan name" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称 / enter a name' }]}>
          <Input placeholder="例如：优质均衡创建三年行动计划" />
        </Form.Item>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`目标 ${i + 1} Target`} extra={fields.length > 1 && <Button size="small" danger onClick={() => remove(f.name)}>删除 Remove</Button>}>
                  <Space wrap align="start">
                    <Form.Item label="代码 Key" name={[f.name, 'key']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,40}$/, message: '小写字母开头 / lower-case, e.g. y2026' }]}><Input style={{ width: 120 }} /></Form.Item>
                    <Form.Item label="名称 Name (中文)" name={[f.name, 'zh']} rules={[{ required: true, whitespace: true, message: '必填 / required' }]}><Input style={{ width: 220 }} /></Form.Item>
                    <Form.Item label="Name (English)" name={[f.name, 'en']} rules={[{ required: true, whitespace: true, message: '必填 / required' }]}><Input style={{ width: 220 }} /></Form.Item>
                    <Form.Item label="学年 School year" name={[f.name, 'schoolYear']} rules={[{ required: true, message: '必填 / required' }]}><Select style={{ width: 130 }} options={schoolYears().map((y) => ({ value: y, label: y }))} /></Form.Item>
                    <Form.Item label="学段 Level" name={[f.name, 'level']} rules={[{ required: true, message: '必填 / required' }]}><Select style={{ width: 130 }} options={Object.entries(levelText).map(([value, label]) => ({ value, label }))} /></Form.Item>
                    <Form.Item label="达标比例 Share passing" name={[f.name, 'percent']} rules={[{ required: true, message: '必填 / required' }]}><InputNumber min={0} max={100} suffix="%" style={{ width: 120 }} /></Form.Item>
                    <Form.Item label="到期日 Due" name={[f.name, 'due']} rules={[{ required: true, message: '必填 / required' }]}><DatePicker /></Form.Item>
                  </Space>
                </Card>
              ))}
              <Button onClick={() => add({ level: 'all', percent: 100, schoolYear: '2025-2026' })}>添加目标 Add a target</Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 12 }}><ProblemAlert problem={problem} /></div>
        {!problem && <Alert style={{ marginTop: 12 }} type="info" showIcon title="建立后每个目标到期自动核查，不能修改 / Once declared, targets are checked automatically on their dates" />}
      </Form>
    </Modal>
  );
}
