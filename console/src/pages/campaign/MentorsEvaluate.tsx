import { Alert, Button, Card, Form, Input, Modal, Select, Space, Typography, Upload, type UploadFile } from 'antd';
import { api, EVIDENCE_ACCEPT, ok, toEvidence } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import type { CampaignDetail } from './types';
import { indicatorsOf } from './AcceptanceCommon';
import { levelText } from './applications';

export type Rating = 'excellent' | 'good' | 'fair' | 'weak';
export interface Verdict {
  mentor: boolean;
  excellent: number;
  excellentRequired: number;
  practiceIndicators: string[];
  practiceIndicatorsRequired: number;
  explanation: { zh: string; en: string };
}
export interface Evaluation {
  schoolId: string;
  name?: string;
  district?: string;
  evaluated: boolean;
  ratings: Record<string, Rating> | null;
  practices?: { indicatorKey: string; title: string; summary: string }[];
  verdict: Verdict | null;
  evaluatedAt: string | null;
}

interface PracticeForm {
  indicatorKey: string;
  title: string;
  summary: string;
  file?: UploadFile[];
}
interface EvaluationForm {
  ratings: Record<string, Rating>;
  practices: PracticeForm[];
}

/** The panel's evaluation of one seed school: a rating per indicator category and replicable practices. */
export function EvaluateModal({ campaign, evaluation, onClose, onDone }: { campaign: CampaignDetail; evaluation: Evaluation; onClose: () => void; onDone: (v: Verdict) => void }) {
  const [form] = Form.useForm<EvaluationForm>();
  const indicators = indicatorsOf(campaign);
  const { run, busy, problem } = useAction(async (v: EvaluationForm) => {
    const practices = await Promise.all(
      (v.practices ?? []).map(async (p) => {
        const f = p.file?.[0]?.originFileObj;
        const file = f ? await toEvidence(f) : undefined;
        return { indicatorKey: p.indicatorKey, title: p.title, summary: p.summary, ...(file ? { file } : {}) };
      }),
    );
    const answer = (await ok(api.PUT('/campaigns/{campaignId}/evaluations/{schoolId}', { params: { path: { campaignId: campaign.id, schoolId: evaluation.schoolId } }, body: { ratings: v.ratings, practices } }))) as unknown as { verdict: Verdict };
    onDone(answer.verdict);
  }, { form });
  const ratingOptions = Object.entries(levelText).map(([value, label]) => ({ value, label }));
  return (
    <Modal open width={760} title={`评议 ${evaluation.name ?? ''} Evaluate`} onCancel={onClose} okText="保存评议 Save" cancelText="取消 Cancel" confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      {evaluation.evaluated && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="已录入的评定和经验做法已带出；重新保存将替换它们（附件须重新选择）/ The recorded ratings and practices are filled in; saving replaces them (choose any file again)" />}
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={{ ratings: evaluation.ratings ?? {}, practices: evaluation.practices ?? [] }}>
        <Typography.Title level={5}>各项评定 Ratings</Typography.Title>
        <Space wrap align="start">
          {indicators.map((i) => (
            <Form.Item key={i.key} label={`${i.name.zh} ${i.name.en}`} name={['ratings', i.key]} rules={[{ required: true, message: '请评定 / rate it' }]} style={{ width: 220 }}>
              <Select options={ratingOptions} />
            </Form.Item>
          ))}
        </Space>
        <Typography.Title level={5}>可复制经验做法 Replicable practices</Typography.Title>
        <Form.List name="practices">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, n) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`做法 ${n + 1} Practice`} extra={<Button size="small" danger onClick={() => remove(f.name)}>删除 Remove</Button>}>
                  <Form.Item label="所属指标 Indicator" name={[f.name, 'indicatorKey']} rules={[{ required: true, message: '请选择 / choose one' }]}>
                    <Select options={indicators.map((i) => ({ value: i.key, label: `${i.name.zh} ${i.name.en}` }))} />
                  </Form.Item>
                  <Form.Item label="标题 Title" name={[f.name, 'title']} rules={[{ required: true, whitespace: true, message: '请填写 / required' }]}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item label="做法概要 Summary" name={[f.name, 'summary']} rules={[{ required: true, whitespace: true, message: '请填写 / required' }]}>
                    <Input.TextArea rows={3} maxLength={4000} showCount />
                  </Form.Item>
                  <Form.Item label="附件（可选）File (optional)" name={[f.name, 'file']} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}>
                    <Upload accept={EVIDENCE_ACCEPT} beforeUpload={() => false} maxCount={1}>
                      <Button>选择文件 Choose a file</Button>
                    </Upload>
                  </Form.Item>
                </Card>
              ))}
              <Button onClick={() => add({})}>添加经验做法 Add a practice</Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 12 }}><ProblemAlert problem={problem} /></div>
      </Form>
    </Modal>
  );
}
