import { Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Typography, Upload, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, EVIDENCE_ACCEPT, ok, toEvidence } from '../../api';
import type { paths } from '../../api-types';
import { ProblemAlert, useAction } from '../../errors';
import type { ChecklistItem, Department } from './types';

/** The 31 item codes (domain/readiness-checklist.ts) as the API's OpenAPI document types its path parameter. */
type ItemCode = paths['/bureaus/{bureauId}/balance/{schoolYear}/checklist/items/{itemCode}']['patch']['parameters']['path']['itemCode'];

interface Common {
  bureauId: string;
  schoolYear: string;
  item: ChecklistItem;
  onClose: () => void;
  onDone: () => void;
}

const path = (p: Common) => ({ bureauId: p.bureauId, schoolYear: p.schoolYear, itemCode: p.item.code as ItemCode });

/** Admin: give an item to other departments or move its date, with a reason. */
export function ReassignModal(props: Common & { departments: Department[] }) {
  const { item, departments, onClose, onDone } = props;
  const [form] = Form.useForm<{ leadDepartmentId: string | null; assistingDepartmentIds: string[]; dueOn: Dayjs; reason: string }>();
  const { run, busy, problem } = useAction(async (v: { leadDepartmentId: string | null; assistingDepartmentIds: string[]; dueOn: Dayjs; reason: string }) => {
    await ok(api.PATCH('/bureaus/{bureauId}/balance/{schoolYear}/checklist/items/{itemCode}', { params: { path: path(props) }, body: { leadDepartmentId: v.leadDepartmentId ?? null, assistingDepartmentIds: v.assistingDepartmentIds ?? [], dueOn: v.dueOn.format('YYYY-MM-DD'), reason: v.reason } }));
    onDone();
  }, { form, success: '已调整 / Changed' });
  const options = departments.map((d) => ({ value: d.id, label: d.name }));
  return (
    <Modal open title={`调整 ${item.code} Reassign or move the date`} onCancel={onClose} okText="保存 Save" cancelText="取消 Cancel" confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph>{item.title.zh}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={{ leadDepartmentId: item.leadDepartment?.id ?? null, assistingDepartmentIds: item.assisting.map((a) => a.id), dueOn: dayjs(item.dueOn) }}>
        <Form.Item label="牵头科室 Lead department" name="leadDepartmentId">
          <Select allowClear options={options} placeholder="未指定 Unassigned" />
        </Form.Item>
        <Form.Item label="配合科室 Assisting departments" name="assistingDepartmentIds">
          <Select mode="multiple" options={options} placeholder="无 None" />
        </Form.Item>
        <Form.Item label="截止日期 Due date" name="dueOn" rules={[{ required: true, message: '请选择日期 / choose a date' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="理由 Reason" name="reason" rules={[{ required: true, whitespace: true, message: '请写明理由 / give a reason' }]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}

/** Admin: accept a submitted item, or return it with a reason (the lead department is told). */
export function ReviewModal(props: Common & { decision: 'accept' | 'return' }) {
  const { item, decision, onClose, onDone } = props;
  const [form] = Form.useForm<{ reason: string }>();
  const { run, busy, problem } = useAction(async (v: { reason?: string }) => {
    await ok(api.POST('/bureaus/{bureauId}/balance/{schoolYear}/checklist/items/{itemCode}/review', { params: { path: path(props) }, body: { decision, reason: v.reason?.trim() ?? '' } }));
    onDone();
  }, { form, success: decision === 'accept' ? '已验收 / Accepted' : '已退回 / Returned' });
  return (
    <Modal open title={decision === 'accept' ? `验收 ${item.code} Accept` : `退回 ${item.code} Return`} onCancel={onClose} okText={decision === 'accept' ? '确认验收 Accept' : '确认退回 Return'} okButtonProps={{ danger: decision === 'return' }} cancelText="取消 Cancel" confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph>{item.title.zh}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)}>
        <Form.Item label={decision === 'accept' ? '意见（可选）Note (optional)' : '退回理由 Reason'} name="reason" rules={decision === 'return' ? [{ required: true, whitespace: true, message: '退回须写明理由 / a return needs a reason' }] : []}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}

interface SubmitValues {
  met?: boolean;
  percent?: number;
  statement: string;
}

/** A department reports its item: met (or the share reached), a statement, evidence files. */
export function SubmitModal(props: Common) {
  const { item, onClose, onDone } = props;
  const [form] = Form.useForm<SubmitValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const measured = item.atLeast !== null;
  const { run, busy, problem } = useAction(async (v: SubmitValues) => {
    const evidence = await Promise.all(files.map((f) => toEvidence(f.originFileObj as File)));
    await ok(api.POST('/bureaus/{bureauId}/balance/{schoolYear}/checklist/items/{itemCode}/submission', {
      params: { path: path(props) },
      body: {
        ...(measured ? { value: Math.round((v.percent ?? 0) * 10) / 1000 } : { met: v.met }),
        statement: v.statement,
        evidence,
      },
    }));
    onDone();
  }, { form, success: '已报送 / Submitted' });
  return (
    <Modal open title={`报送 ${item.code} Report`} onCancel={onClose} okText="提交 Submit" cancelText="取消 Cancel" confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden width={640}>
      <Typography.Paragraph>{item.title.zh}<br /><Typography.Text type="secondary">{item.title.en}</Typography.Text></Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={{ met: item.met ?? undefined, percent: item.value === null ? undefined : Math.round(item.value * 1000) / 10, statement: item.statement ?? '' }}>
        {measured ? (
          <Form.Item label={`实际达到比例 Share reached（要求 ≥ ${Math.round(item.atLeast! * 1000) / 10}%）`} name="percent" rules={[{ required: true, message: '请填写比例 / enter the share' }]}>
            <InputNumber min={0} max={100} step={0.1} suffix="%" style={{ width: 200 }} />
          </Form.Item>
        ) : (
          <Form.Item label={item.category === 'veto' ? '是否存在该情形 Is the condition present?' : '是否达到要求 Is it met?'} name="met" rules={[{ required: true, message: '请选择 / choose one' }]}>
            <Radio.Group
              options={
                item.category === 'veto'
                  ? [{ value: true, label: '不存在该情形 Absent' }, { value: false, label: '存在该情形 Present' }]
                  : [{ value: true, label: '达到 Met' }, { value: false, label: '未达到 Not met' }]
              }
            />
          </Form.Item>
        )}
        <Form.Item label="情况说明 Statement" name="statement" rules={[{ required: true, whitespace: true, message: '请填写情况说明 / write a statement' }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item label="佐证材料（最多 5 个，每个 ≤ 5 MB：PDF、图片、Word、Excel）Evidence (up to 5 files)">
          <Upload accept={EVIDENCE_ACCEPT} multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList.slice(0, 5))}>
            <Button>选择文件 Choose files</Button>
          </Upload>
        </Form.Item>
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}
