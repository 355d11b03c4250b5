import { Alert, Button, Card, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing } from '../../format';
import { indicatorsOf } from './AcceptanceCommon';
import { levelOptions, type Level } from './applications';
import type { CampaignDetail } from './types';

interface BaselineValues {
  ratings: Record<string, Level>;
  scores: Record<string, number | null | undefined>;
}

/**
 * 基线自评 The baseline self-assessment a potential school gives before pairing: a rating per
 * indicator (its weakest guide the pairing) and, optionally, a score on the rubric (the acceptance
 * improvement is measured from it). A recorded baseline is read back and shown for editing.
 */
export function SchoolBaseline({ campaign, schoolId }: { campaign: CampaignDetail; schoolId: string }) {
  const [form] = Form.useForm<BaselineValues>();
  const [saved, setSaved] = useState<string | null>(null);
  const indicators = indicatorsOf(campaign);
  useEffect(() => {
    ok(api.GET('/campaigns/{campaignId}/baselines/{schoolId}', { params: { path: { campaignId: campaign.id, schoolId } } }))
      .then((b) => {
        const recorded = b as unknown as { recorded: boolean; ratings: Record<string, Level> | null; scores: Record<string, number> | null; recordedAt: string | null };
        if (!recorded.recorded) return;
        form.setFieldsValue({ ratings: recorded.ratings ?? {}, scores: recorded.scores ?? {} });
        setSaved(recorded.recordedAt);
      })
      .catch(() => undefined); // the form stays empty; saving reports any refusal
  }, [campaign.id, schoolId, form]);
  const save = useAction(
    async (v: BaselineValues) => {
      const scores = Object.fromEntries(Object.entries(v.scores ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));
      await ok(api.PUT('/campaigns/{campaignId}/baselines/{schoolId}', { params: { path: { campaignId: campaign.id, schoolId } }, body: { ratings: v.ratings, ...(Object.keys(scores).length > 0 ? { scores } : {}) } }));
      setSaved(new Date().toISOString());
    },
    { form, success: '基线自评已保存 / Baseline saved' },
  );
  return (
    <Card title="基线自评 Baseline self-assessment" size="small">
      <Typography.Paragraph type="secondary">结对前对每项指标评定现状；可同时填写分值，验收时据此计算提升幅度。可重复保存，以最后一次为准。 / Rate each indicator before pairing; optional scores are the baseline for the improvement. Saving again replaces it.</Typography.Paragraph>
      {saved && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={`基线自评已于 ${beijing(saved)} 保存 / Baseline saved`} />}
      <Form form={form} name="baseline" layout="vertical" onFinish={(v) => void save.run(v)} style={{ maxWidth: 760 }}>
        {indicators.map((i) => (
          <Space key={i.key} wrap align="start" style={{ display: 'flex' }}>
            <Form.Item name={['ratings', i.key]} label={`${i.name.zh}基线评级 ${i.name.en} baseline rating`} rules={[{ required: true, message: `请评定“${i.name.zh}” / Rate ${i.name.en}` }]} style={{ width: 320 }}>
              <Select options={levelOptions} placeholder="选择等级 Choose a level" />
            </Form.Item>
            <Form.Item name={['scores', i.key]} label={`${i.name.zh}基线分值 ${i.name.en} baseline score（0–${i.maxScore}）`} style={{ width: 320 }}>
              <InputNumber min={0} max={i.maxScore} precision={2} style={{ width: 160 }} placeholder="可选 Optional" />
            </Form.Item>
          </Space>
        ))}
        <div><Button type="primary" htmlType="submit" loading={save.busy}>保存基线自评 Save baseline</Button></div>
        <div style={{ marginTop: 12 }}><ProblemAlert problem={save.problem} /></div>
      </Form>
    </Card>
  );
}
