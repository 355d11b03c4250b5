import { Button, Form, Modal, Select, Typography } from 'antd';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import type { Account } from './AcceptanceApi';
import type { CampaignDetail } from './types';

/** Sets a reviewer's schools in the campaign; a refusal lists each school the reviewer must stay away from, and why. */
export function ReviewersAssignModal({ campaign, reviewer, assigned, onClose, onSaved }: { campaign: CampaignDetail; reviewer: Account; assigned: string[]; onClose: () => void; onSaved: () => Promise<void> }) {
  const [form] = Form.useForm<{ schoolIds: string[] }>();
  const save = useAction(
    async (v: { schoolIds: string[] }) => {
      await ok(api.PUT('/campaigns/{campaignId}/reviewers/{accountId}/schools', { params: { path: { campaignId: campaign.id, accountId: reviewer.id } }, body: { schoolIds: v.schoolIds ?? [] } }));
      await onSaved();
      onClose();
    },
    { success: '学校分配已保存 / Assignment saved' },
  );
  return (
    <Modal
      open
      destroyOnHidden
      title={`分配学校 Assign schools · ${reviewer.displayName}`}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>取消 Cancel</Button>,
        <Button key="save" type="primary" loading={save.busy} onClick={() => form.submit()}>保存分配 Save assignment</Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        保存时逐校检查回避（本人所在学校、结对学校、已申报利益冲突的学校）；有须回避的学校时整次分配不生效。 / Recusal is checked for every school on saving; if any must be refused, nothing changes.
      </Typography.Paragraph>
      <Form form={form} name={`assign-${reviewer.id}`} layout="vertical" initialValues={{ schoolIds: assigned }} onFinish={(v) => void save.run(v)}>
        <Form.Item name="schoolIds" label="评审的学校 Schools to review">
          <Select mode="multiple" allowClear optionFilterProp="label" placeholder="选择学校 Choose schools" options={campaign.schools.map((s) => ({ value: s.id, label: `${s.name}（${s.district}）` }))} />
        </Form.Item>
      </Form>
      {/* The refusal with the reason for each school, in words (not field paths). */}
      <ProblemAlert problem={save.problem} inWords />
    </Modal>
  );
}

