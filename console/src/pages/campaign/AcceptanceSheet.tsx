import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Space, Typography } from 'antd';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing } from '../../format';
import { indicatorsOf, type ScoringStage } from './AcceptanceCommon';
import type { CampaignDetail } from './types';

/** A reviewer's own sheet as the API keeps it (GET …/stages/{stageKey}/sheets). */
export interface SavedSheet {
  schoolId: string;
  scores: Record<string, number>;
  comment: string | null;
  status: 'draft' | 'submitted';
  submittedAt: string | null;
  updatedAt: string;
}

interface SheetValues {
  scores: Record<string, number | null | undefined>;
  comment?: string;
}

/** One school's score sheet in one stage: within the rubric's bounds, saved as a draft or submitted. */
export function ScoreSheet({ campaign, stage, schoolId, schoolName, saved, onSaved }: { campaign: CampaignDetail; stage: ScoringStage; schoolId: string; schoolName: string; saved: SavedSheet | undefined; onSaved: () => Promise<void> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<SheetValues>();
  const indicators = indicatorsOf(campaign);
  const scores = Form.useWatch('scores', form) ?? {};
  const total = Object.values(scores).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0);
  const max = indicators.reduce((s, i) => s + i.maxScore, 0);

  const save = useAction(
    async (v: SheetValues, submit: boolean) => {
      const clean = Object.fromEntries(Object.entries(v.scores ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));
      const comment = v.comment?.trim() ? v.comment.trim() : undefined;
      await ok(api.PUT('/campaigns/{campaignId}/stages/{stageKey}/sheets/{schoolId}', { params: { path: { campaignId: campaign.id, stageKey: stage.key, schoolId } }, body: { scores: clean, comment, submit } }));
      await onSaved();
    },
    { form },
  );
  const draft = async () => {
    if (await save.run(form.getFieldsValue(true) as SheetValues, false)) void message.success('草稿已保存 / Draft saved');
  };
  const submit = async () => {
    let v: SheetValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows which scores are missing
    }
    if (await save.run(v, true)) void message.success('评分表已提交 / Sheet submitted');
  };

  const title = `评分表 Score sheet · ${schoolName} · ${stage.name.zh} ${stage.name.en}`;
  if (saved?.status === 'submitted') {
    return (
      <Card title={title} size="small">
        <Alert type="success" showIcon style={{ marginBottom: 12 }} title="评分表已提交并锁定；如需修改，请联系验收组长退回 / Submitted and locked; ask the panel chair to reopen it if it needs a change" />
        <Descriptions size="small" column={1} bordered items={[
          ...indicators.map((i) => ({ key: i.key, label: `${i.name.zh} ${i.name.en}`, children: `${saved.scores[i.key] ?? '—'} / ${i.maxScore}` })),
          { key: '__comment', label: '评语 Comment', children: saved.comment ?? '—' },
          { key: '__at', label: '提交时间 Submitted at', children: beijing(saved.submittedAt) },
        ]} />
        <ProblemAlert problem={save.problem} />
      </Card>
    );
  }
  return (
    <Card title={title} size="small">
      <Form form={form} name={`sheet-${stage.key}-${schoolId}`} layout="vertical" initialValues={{ scores: saved?.scores ?? {}, comment: saved?.comment ?? undefined }} style={{ maxWidth: 720 }}>
        {indicators.map((i) => (
          <Form.Item key={i.key} name={['scores', i.key]} label={`${i.name.zh} ${i.name.en}（0–${i.maxScore} 分 points）`} rules={[{ required: true, message: `请为“${i.name.zh}”打分 / Score ${i.name.en}` }]}>
            <InputNumber min={0} max={i.maxScore} step={1} precision={2} style={{ width: 200 }} />
          </Form.Item>
        ))}
        <Form.Item name="comment" label="评语 Comment">
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Typography.Paragraph>合计 Total：<strong>{Math.round(total * 100) / 100}</strong> / {max}</Typography.Paragraph>
        {saved?.status === 'draft' && <Typography.Paragraph type="secondary">草稿已于 {beijing(saved.updatedAt)} 保存 / Draft saved</Typography.Paragraph>}
        <Typography.Paragraph type="secondary">提交后评分表即锁定，不能再修改 / Submitting locks the sheet.</Typography.Paragraph>
        <Space>
          <Button onClick={() => void draft()} loading={save.busy}>保存草稿 Save draft</Button>
          <Button type="primary" onClick={() => void submit()} loading={save.busy}>提交 Submit</Button>
        </Space>
        <div style={{ marginTop: 12 }}><ProblemAlert problem={save.problem} /></div>
      </Form>
    </Card>
  );
}
