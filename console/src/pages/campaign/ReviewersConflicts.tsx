import { Button, Empty, Form, Input, Modal, Select, Table } from 'antd';
import { useCallback } from 'react';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { Loaded, useLoad } from './AcceptanceCommon';
import type { Account, Conflict } from './AcceptanceApi';
import type { CampaignDetail } from './types';

interface ConflictValues {
  schoolId: string;
  reason: string;
}

/** A reviewer's declared conflicts of interest (回避申报), and declaring a new one. */
export function ReviewersConflictsModal({ campaign, reviewer, schools, onClose, onChanged }: { campaign: CampaignDetail; reviewer: Account; schools: { id: string; name: string }[]; onClose: () => void; onChanged: () => Promise<void> }) {
  const conflicts = useLoad(useCallback(async () => (await ok(api.GET('/accounts/{accountId}/conflicts', { params: { path: { accountId: reviewer.id } } }))) as unknown as Conflict[], [reviewer.id]));
  const [form] = Form.useForm<ConflictValues>();
  const declare = useAction(
    async (v: ConflictValues) => {
      await ok(api.POST('/accounts/{accountId}/conflicts', { params: { path: { accountId: reviewer.id } }, body: { schoolId: v.schoolId, reason: v.reason.trim() } }));
      form.resetFields();
      await Promise.all([conflicts.reload(), onChanged()]);
    },
    { form, success: '回避已申报 / Conflict declared' },
  );
  const nameOf = (id: string) => schools.find((s) => s.id === id)?.name ?? campaign.schools.find((s) => s.id === id)?.name ?? id;
  return (
    <Modal open destroyOnHidden title={`回避申报 Conflicts of interest · ${reviewer.displayName}`} onCancel={onClose} footer={<Button onClick={onClose}>关闭 Close</Button>} width={640}>
      <Loaded loading={conflicts.loading} problem={conflicts.problem}>
        <Table<Conflict>
          rowKey="schoolId"
          size="small"
          pagination={false}
          dataSource={conflicts.data ?? []}
          locale={{ emptyText: <Empty description="尚未申报回避 / No conflicts declared" /> }}
          columns={[
            { title: '学校 School', key: 'school', render: (_: unknown, c: Conflict) => nameOf(c.schoolId) },
            { title: '原因 Reason', dataIndex: 'reason', key: 'reason' },
          ]}
        />
      </Loaded>
      <Form form={form} name={`conflict-${reviewer.id}`} layout="vertical" onFinish={(v) => void declare.run(v)} style={{ marginTop: 16 }}>
        <Form.Item name="schoolId" label="须回避的学校 School" rules={[{ required: true, message: '请选择学校 / Choose a school' }]}>
          <Select showSearch optionFilterProp="label" placeholder="选择学校 Choose a school" options={schools.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="reason" label="回避原因 Reason" rules={[{ required: true, whitespace: true, message: '请写明原因 / Give the reason' }]} extra="例如：配偶在该校任教 / e.g. spouse teaches there">
          <Input maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={declare.busy}>申报回避 Declare conflict</Button>
      </Form>
      <div style={{ marginTop: 12 }}><ProblemAlert problem={declare.problem} /></div>
    </Modal>
  );
}
