import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing } from '../../format';
import { useMe } from '../../me';
import type { ScoringStage } from './AcceptanceCommon';
import type { StageResults } from './AcceptanceApi';
import type { CampaignDetail } from './types';

/** A panel member signs the stage result (签字确认), or signs with a written dissent. */
export function SignoffForm({ campaign, stage, results, onSigned }: { campaign: CampaignDetail; stage: ScoringStage; results: StageResults; onSigned: () => Promise<void> }) {
  const me = useMe();
  const [form] = Form.useForm<{ dissent?: string }>();
  const mine = results.signoffs.find((s) => s.reviewerId === me.accountId);
  const sign = useAction(
    async (dissent: string | undefined) => {
      await ok(api.POST('/campaigns/{campaignId}/stages/{stageKey}/signoff', { params: { path: { campaignId: campaign.id, stageKey: stage.key } }, body: dissent ? { dissent } : {} }));
      await onSigned();
    },
    { form, success: '已签字确认 / Signed' },
  );
  const withDissent = async () => {
    const dissent = (form.getFieldValue('dissent') as string | undefined)?.trim();
    if (!dissent) {
      form.setFields([{ name: 'dissent', errors: ['附异议签字须写明异议 / Write your dissent first'] }]);
      return;
    }
    await sign.run(dissent);
  };
  const progress = `${results.signoffs.length}/${results.panel.length} 已签字 signed`;
  return (
    <Card title={`签字确认 Sign-off · ${stage.name.zh} ${stage.name.en}`} size="small" extra={progress}>
      {mine ? (
        <Alert
          type="success"
          showIcon
          title={`您已于 ${beijing(mine.signedAt)} 签字确认 / You signed on ${beijing(mine.signedAt)}`}
          description={mine.dissent ? `附异议 Dissent：${mine.dissent}` : undefined}
        />
      ) : (
        <Form form={form} name={`signoff-${stage.key}`} layout="vertical" style={{ maxWidth: 720 }}>
          <Typography.Paragraph type="secondary">
            全部评分表提交后方可签字。对结果有不同意见的，请写明异议后选择“附异议签字”。 / Sign once every sheet is submitted; to disagree, write your dissent and choose “Sign with dissent”.
          </Typography.Paragraph>
          <Form.Item name="dissent" label="书面异议 Written dissent" extra="仅“附异议签字”时填写 / Only for signing with a dissent">
            <Input.TextArea rows={3} maxLength={4000} showCount />
          </Form.Item>
          <Space wrap>
            <Button type="primary" loading={sign.busy} onClick={() => { form.setFields([{ name: 'dissent', errors: [] }]); void sign.run(undefined); }}>签字确认 Sign</Button>
            <Button loading={sign.busy} onClick={() => void withDissent()}>附异议签字 Sign with dissent</Button>
          </Space>
        </Form>
      )}
      <div style={{ marginTop: 12 }}><ProblemAlert problem={sign.problem} /></div>
    </Card>
  );
}
