import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import type { Assignment, PanelMember } from './AcceptanceApi';
import type { ScoringStage } from './AcceptanceCommon';
import type { CampaignDetail } from './types';

interface ReopenValues {
  schoolId: string;
  reviewerId: string;
  reason: string;
}

/** The panel chair sends a submitted sheet back to its reviewer, with a reason (audited). */
export function ReopenSheet({ campaign, stage, panel, schools, onDone }: { campaign: CampaignDetail; stage: ScoringStage; panel: PanelMember[]; schools: Assignment[]; onDone: () => Promise<void> }) {
  const [form] = Form.useForm<ReopenValues>();
  const reopen = useAction(async (v: ReopenValues) => {
    await ok(api.POST('/campaigns/{campaignId}/stages/{stageKey}/sheets/{schoolId}/reopen', { params: { path: { campaignId: campaign.id, stageKey: stage.key, schoolId: v.schoolId } }, body: { reviewerId: v.reviewerId, reason: v.reason } }));
    form.resetFields();
    await onDone();
  }, { form, success: '评分表已退回，专家可重新填写 / Sheet reopened for its reviewer' });
  return (
    <Card size="small" title="退回评分表（组长）Reopen a sheet (chair)">
      <Typography.Paragraph type="secondary">专家提交后发现笔误等，由组长退回；退回理由记入审计。/ For a slip after submission; the reason is kept in the audit trail.</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void reopen.run(v)} style={{ maxWidth: 560 }}>
        <Form.Item label="学校 School" name="schoolId" rules={[{ required: true, message: '请选择学校 / choose a school' }]}>
          <Select options={schools.filter((s) => !s.recused).map((s) => ({ value: s.schoolId, label: s.schoolName }))} />
        </Form.Item>
        <Form.Item label="评分专家 Reviewer" name="reviewerId" rules={[{ required: true, message: '请选择专家 / choose a reviewer' }]}>
          <Select options={panel.map((m) => ({ value: m.reviewer_id, label: m.display_name }))} />
        </Form.Item>
        <Form.Item label="退回理由 Reason" name="reason" rules={[{ required: true, whitespace: true, message: '请写明理由 / a reason is required' }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <ProblemAlert problem={reopen.problem} />
        <Button htmlType="submit" loading={reopen.busy} style={{ marginTop: 8 }}>退回 Reopen</Button>
      </Form>
    </Card>
  );
}
