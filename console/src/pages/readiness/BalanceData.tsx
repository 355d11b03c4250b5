import { Alert, Button, Card, Empty, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, ApiError, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing } from '../../format';
import { BadCells, ExcelButtons, useExcelSheet } from '../../shared/ExcelUpload';
import { useLoad } from './useLoad';
import { indicatorInfo, indicators, levelLabel, num, type HistoryRow, type Indicator, type Level } from './types';

/** The Excel template, the upload (all rows or none; every bad cell listed), for a bureau admin. */
export function UploadData({ bureauId, schoolYear, onChanged }: { bureauId: string; schoolYear: string; onChanged: () => void }) {
  const [result, setResult] = useState<{ rows: number; changed: number } | null>(null);
  const sheet = useExcelSheet<{ rows: number; changed: number }>({
    template: { url: `/bureaus/${bureauId}/balance/template.xlsx`, filename: '资源数据模板.xlsx' },
    upload: {
      url: `/bureaus/${bureauId}/balance/${schoolYear}/upload`,
      failed: { zh: '上传失败', en: 'Upload failed' },
      success: '已上传 / Uploaded',
      onStart: () => setResult(null),
      onDone: (answer) => {
        setResult({ rows: answer.rows ?? 0, changed: answer.changed ?? 0 });
        onChanged();
      },
    },
  });
  return (
    <Card size="small" title={`资源数据 Resource data · ${schoolYear}`}>
      <Typography.Paragraph type="secondary">
        每个学校学段一行（九年一贯制学校分小学、初中两行）。上传时全部行一起保存；任何一格有误则不保存，并列出所有有误的单元格。
        <br />One row per school section. An upload is saved whole or not at all; every bad cell is listed.
      </Typography.Paragraph>
      <ExcelButtons sheet={sheet} templateText="下载模板 Download template (.xlsx)" uploadText="上传 Excel Upload" />
      {result && <Alert style={{ marginTop: 12 }} type="success" showIcon title={`已读取 ${result.rows} 行，其中 ${result.changed} 行有变化并保存为新版本 / ${result.rows} rows read, ${result.changed} changed and saved as new versions`} />}
      <BadCells cells={sheet.badCells} placeWidth={320} title={(n) => `共 ${n} 处有误，本次上传未保存任何数据 / ${n} bad cell(s); nothing was saved`} />
    </Card>
  );
}

interface CorrectionValues {
  section?: string;
  pupils?: number;
  reason: string;
  resources: Partial<Record<Indicator, number>>;
}

/** Every version of every section's data this year, and (admin) correcting one value with a reason. */
export function DataVersions({ bureauId, schoolYear, isAdmin, version, onChanged }: { bureauId: string; schoolYear: string; isAdmin: boolean; version: number; onChanged: () => void }) {
  const history = useLoad(
    async () => (await ok(api.GET('/bureaus/{bureauId}/balance/{schoolYear}/history', { params: { path: { bureauId, schoolYear } } }))) as unknown as HistoryRow[],
    `${bureauId}|${schoolYear}|${version}`,
  );
  const rows = history.data ?? [];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {isAdmin && <Correction bureauId={bureauId} schoolYear={schoolYear} history={rows} onChanged={onChanged} />}
      <Card size="small" title="版本记录 Version history">
        <ProblemAlert problem={history.problem} brief />
        <Table
          rowKey={(r) => `${r.schoolId}-${r.level}-${r.version}`}
          size="small"
          loading={history.loading}
          dataSource={rows}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description="暂无数据版本 / No versions yet" /> }}
          expandable={{ expandedRowRender: (r) => <Resources values={r.resources} /> }}
          columns={[
            { title: '学校 School', dataIndex: 'name' },
            { title: '学段 Level', dataIndex: 'level', render: (l: Level) => levelLabel[l] },
            { title: '版本 Version', dataIndex: 'version', render: (v: number) => <Tag>v{v}</Tag> },
            { title: '在校生 Pupils', dataIndex: 'pupils' },
            { title: '原因 Reason', dataIndex: 'reason', render: (r: string) => (r === 'upload' ? '上传 Upload' : r) },
            { title: '录入人 By', dataIndex: 'recordedBy', render: (x: string | null) => x ?? '—' },
            { title: '时间 When', dataIndex: 'recordedAt', render: (t: string) => beijing(t) },
          ]}
        />
      </Card>
    </Space>
  );
}

function Resources({ values }: { values: Record<Indicator, number> }) {
  return (
    <Space wrap size={[16, 4]}>
      {indicators.map((k) => (
        <span key={k}>{indicatorInfo[k].short}（总量 total）：{num(values[k] ?? 0)}</span>
      ))}
    </Space>
  );
}

function Correction({ bureauId, schoolYear, history, onChanged }: { bureauId: string; schoolYear: string; history: HistoryRow[]; onChanged: () => void }) {
  const [form] = Form.useForm<CorrectionValues>();
  const latest = useMemo(() => {
    const m = new Map<string, HistoryRow>();
    for (const r of history) {
      const key = `${r.schoolId}|${r.level}`;
      if (!m.has(key) || m.get(key)!.version < r.version) m.set(key, r);
    }
    return m;
  }, [history]);
  const [section, setSection] = useState<string | undefined>();
  const current = section ? latest.get(section) : undefined;
  const { run, busy, problem } = useAction(async (v: CorrectionValues) => {
    if (!current) throw new ApiError({ status: 400, code: 'invalid', titleZh: '请选择学校学段', titleEn: 'Choose a school section' });
    const resources = Object.fromEntries(Object.entries(v.resources ?? {}).filter(([k, x]) => x !== undefined && x !== null && x !== current.resources[k as Indicator])) as Partial<Record<Indicator, number>>;
    const pupils = v.pupils !== undefined && v.pupils !== null && v.pupils !== current.pupils ? v.pupils : undefined;
    await ok(api.POST('/bureaus/{bureauId}/balance/{schoolYear}/corrections', { params: { path: { bureauId, schoolYear } }, body: { schoolId: current.schoolId, level: current.level, pupils, resources, reason: v.reason } }));
    form.resetFields();
    setSection(undefined);
    onChanged();
  }, { form, success: '已更正并保存为新版本 / Corrected: a new version is saved' });
  const choose = (key: string) => {
    setSection(key);
    const r = latest.get(key);
    if (r) form.setFieldsValue({ pupils: r.pupils, resources: { ...r.resources } });
  };
  return (
    <Card size="small" title="更正数值 Correct a value">
      {latest.size === 0 ? (
        <Empty description="尚无数据可更正；请先上传 / Nothing to correct yet: upload first" />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void run(v)}>
          <Form.Item label="学校学段 School section" name="section" rules={[{ required: true, message: '请选择 / choose one' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择学校学段 Choose a section"
              onChange={choose}
              options={[...latest.entries()].map(([key, r]) => ({ value: key, label: `${r.name}（${levelLabel[r.level]}）v${r.version}` }))}
            />
          </Form.Item>
          {current && (
            <>
              <Typography.Paragraph type="secondary">填写总量（教师人数、面积㎡、金额元、教室间数），只改需要更正的项。Enter totals; change only what needs correcting.</Typography.Paragraph>
              <Space wrap align="start">
                <Form.Item label="在校生数 Pupils" name="pupils">
                  <InputNumber min={0} precision={0} style={{ width: 160 }} />
                </Form.Item>
                {indicators.map((k) => (
                  <Form.Item key={k} label={`${indicatorInfo[k].short} ${k === 'equipment' ? '（元 yuan）' : k.endsWith('Space') ? '（㎡）' : ''}`} name={['resources', k]} tooltip={`${indicatorInfo[k].zh} / ${indicatorInfo[k].en}`}>
                    <InputNumber min={0} style={{ width: 160 }} />
                  </Form.Item>
                ))}
              </Space>
              <Form.Item label="更正理由 Reason" name="reason" rules={[{ required: true, whitespace: true, message: '请写明更正理由 / give a reason' }]}>
                <Input.TextArea rows={2} maxLength={500} showCount placeholder="例如：核对学籍系统后更正在校生数 / e.g. pupils corrected from the enrolment system" />
              </Form.Item>
            </>
          )}
          <ProblemAlert problem={problem} brief style={{ marginBottom: 12 }} />
          <Button type="primary" htmlType="submit" loading={busy} disabled={!current}>保存更正 Save correction</Button>
        </Form>
      )}
    </Card>
  );
}
