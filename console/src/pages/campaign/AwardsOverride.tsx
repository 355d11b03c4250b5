import { Button, Checkbox, Descriptions, Form, Input, Modal, Select } from 'antd';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { both, categoriesOf } from './AcceptanceCommon';
import type { AwardRow } from './AwardsTab';
import type { CampaignDetail } from './types';

const NONE = '__none';
interface OverrideValues {
  category: string;
  vetoed?: boolean;
  reason: string;
}

/** Overrides a school's proposed category with a written reason (kept in the audit trail and on the list). */
export function AwardsOverrideModal({ campaign, row, onClose, onSaved }: { campaign: CampaignDetail; row: AwardRow; onClose: () => void; onSaved: () => Promise<void> }) {
  const [form] = Form.useForm<OverrideValues>();
  const category = Form.useWatch('category', form);
  const save = useAction(
    async (v: OverrideValues) => {
      const none = v.category === NONE;
      await ok(api.POST('/campaigns/{campaignId}/awards/{schoolId}/override', {
        params: { path: { campaignId: campaign.id, schoolId: row.schoolId } },
        body: { category: none ? null : v.category, vetoed: none ? !!v.vetoed : false, reason: v.reason.trim() },
      }));
      await onSaved();
      onClose();
    },
    { form, success: '已调整 / Override saved' },
  );
  return (
    <Modal
      open
      destroyOnHidden
      title={`调整表彰类别 Override · ${row.name}`}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>取消 Cancel</Button>,
        <Button key="save" type="primary" loading={save.busy} onClick={() => form.submit()}>保存调整 Save override</Button>,
      ]}
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }} items={[{ key: 'why', label: '系统建议依据 Proposal basis', children: `${row.proposed.explanation.zh} / ${row.proposed.explanation.en}` }]} />
      <Form
        form={form}
        name={`override-${row.schoolId}`}
        layout="vertical"
        initialValues={{ category: row.category ?? NONE, vetoed: row.vetoed, reason: row.overrideReason ?? '' }}
        onFinish={(v) => void save.run(v)}
      >
        <Form.Item name="category" label="表彰类别 Category" rules={[{ required: true }]}>
          <Select options={[...categoriesOf(campaign).map((c) => ({ value: c.key, label: both(c.name) })), { value: NONE, label: '不予表彰 No award' }]} />
        </Form.Item>
        {category === NONE && (
          <Form.Item name="vetoed" valuePropName="checked">
            <Checkbox>一票否决 Vetoed</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="reason" label="调整理由 Reason" rules={[{ required: true, whitespace: true, message: '调整须写明理由 / An override needs a written reason' }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
      <ProblemAlert problem={save.problem} />
    </Modal>
  );
}
