import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, EVIDENCE_ACCEPT, isEvidenceType, ok, toEvidence } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing, deadline } from '../../format';
import { indicatorsOf } from './AcceptanceCommon';
import type { SchoolStanding } from './SchoolTasks';
import { levelLabel, levelOptions, type Application, type Level } from './applications';
import type { CampaignDetail } from './types';

const MAX_FILES = 5;
const MAX_BYTES = 5 * 1024 * 1024;

interface ApplicationValues {
  selfAssessment: Record<string, { level: Level; note?: string }>;
  statement: string;
}

/** 种子校申请 The seed application: the school's own if any, else the form while seed selection is open. */
export function SchoolApplication({ campaign, standing, onApplied }: { campaign: CampaignDetail; standing: SchoolStanding; onApplied: () => Promise<void> }) {
  const def = campaign.template.phases.find((p) => p.kind === 'seed_selection');
  const phase = def ? campaign.phases.find((p) => p.key === def.key) : undefined;
  let body;
  if (standing.application) body = <ApplicationView campaign={campaign} a={standing.application} />;
  else if (standing.nominated) body = <Alert type="success" showIcon title="本校已被科室提名为标杆种子校候选，无需申请 / Your school is nominated by a department: no application is needed" />;
  else if (phase?.status === 'open') body = <ApplicationForm campaign={campaign} onApplied={onApplied} />;
  else if (!phase) body = <Alert type="info" showIcon title="种子校申请尚未开始 / Seed applications have not opened yet" />;
  else body = <Alert type="info" showIcon title={`种子校申请已于 ${deadline(phase.deadline)}（北京时间）截止，本校未申请 / Applications closed; your school did not apply`} />;
  return <Card title="种子校申请 Seed application" size="small">{body}</Card>;
}

const statusTag = {
  submitted: <Tag color="processing">待资格复核 Awaiting re-check</Tag>,
  passed: <Tag color="success">复核通过 Passed</Tag>,
  rejected: <Tag color="error">未通过 Rejected</Tag>,
};

function ApplicationView({ campaign, a }: { campaign: CampaignDetail; a: Application }) {
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        { key: 'status', label: '状态 Status', children: statusTag[a.status] ?? a.status },
        { key: 'at', label: '提交时间 Submitted', children: beijing(a.submitted_at) },
        ...(a.recheckDueAt ? [{ key: 'due', label: '复核截止 Re-check due', children: deadline(a.recheckDueAt) }] : []),
        ...(a.decided_at ? [{ key: 'decided', label: '复核时间 Re-checked', children: beijing(a.decided_at) }] : []),
        ...(a.decision_reason ? [{ key: 'reason', label: '复核意见 Re-check reason', children: a.decision_reason }] : []),
        { key: 'statement', label: '申请理由 Statement', children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.statement}</Typography.Paragraph> },
        ...indicatorsOf(campaign).map((i) => {
          const s = a.self_assessment[i.key];
          return { key: i.key, label: `${i.name.zh} ${i.name.en}`, children: s ? `${levelLabel(s.level)}${s.note ? `：${s.note}` : ''}` : '—' };
        }),
      ]}
    />
  );
}

function ApplicationForm({ campaign, onApplied }: { campaign: CampaignDetail; onApplied: () => Promise<void> }) {
  const [form] = Form.useForm<ApplicationValues>();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const apply = useAction(
    async (v: ApplicationValues) => {
      const evidence = await Promise.all(files.map((f) => toEvidence(f.originFileObj as File)));
      const selfAssessment = Object.fromEntries(Object.entries(v.selfAssessment).map(([k, x]) => [k, { level: x.level, ...(x.note?.trim() ? { note: x.note.trim() } : {}) }]));
      await ok(api.POST('/campaigns/{campaignId}/applications', { params: { path: { campaignId: campaign.id } }, body: { selfAssessment, statement: v.statement.trim(), evidence } }));
      await onApplied();
    },
    { form, success: '申请已提交 / Application submitted' },
  );
  return (
    <Form form={form} name="seed-application" layout="vertical" onFinish={(v) => void apply.run(v)} style={{ maxWidth: 760 }}>
      <Typography.Paragraph type="secondary">未被科室提名的学校可申请列入标杆种子校名单：请对每项指标自评，写明申请理由并上传佐证材料。 / A school not nominated may apply: assess each indicator, state why, and attach evidence.</Typography.Paragraph>
      {indicatorsOf(campaign).map((i) => (
        <Space key={i.key} wrap align="start" style={{ display: 'flex' }}>
          <Form.Item name={['selfAssessment', i.key, 'level']} label={`${i.name.zh}自评 ${i.name.en} self-assessment`} rules={[{ required: true, message: `请对“${i.name.zh}”自评 / Assess ${i.name.en}` }]} style={{ width: 300 }}>
            <Select options={levelOptions} placeholder="选择等级 Choose a level" />
          </Form.Item>
          <Form.Item name={['selfAssessment', i.key, 'note']} label={`${i.name.zh}说明 ${i.name.en} note`} style={{ width: 420 }}>
            <Input maxLength={2000} placeholder="可选 Optional" />
          </Form.Item>
        </Space>
      ))}
      <Form.Item name="statement" label="申请理由 Statement" rules={[{ required: true, whitespace: true, message: '请写明申请理由 / State why' }]}>
        <Input.TextArea rows={5} maxLength={8000} showCount />
      </Form.Item>
      <Form.Item label="佐证材料 Evidence" extra={`PDF、JPG、PNG、Word、Excel，最多 ${MAX_FILES} 个文件，每个不超过 5 MB / PDF, JPG, PNG, Word or Excel; at most ${MAX_FILES} files of 5 MB each`}>
        <Upload
          multiple
          accept={EVIDENCE_ACCEPT}
          fileList={files}
          maxCount={MAX_FILES}
          beforeUpload={(file) => {
            if (!isEvidenceType(file.type)) {
              void message.error(`${file.name}：只能上传 PDF、JPG、PNG、Word、Excel 文件 / only PDF, JPG, PNG, Word or Excel files`);
              return Upload.LIST_IGNORE;
            }
            if (file.size > MAX_BYTES) {
              void message.error(`${file.name} 超过 5 MB / is larger than 5 MB`);
              return Upload.LIST_IGNORE;
            }
            return false;
          }}
          onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
        >
          <Button>选择文件 Choose files</Button>
        </Upload>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={apply.busy}>提交申请 Submit application</Button>
      <div style={{ marginTop: 12 }}><ProblemAlert problem={apply.problem} /></div>
    </Form>
  );
}
