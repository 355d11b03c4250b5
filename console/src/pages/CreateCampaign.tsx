import { Button, Card, Checkbox, DatePicker, Empty, Form, Input, InputNumber, Select, Space, Spin, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ok } from '../api';
import { ProblemAlert, useAction, useProblem } from '../errors';
import { useMe } from '../me';
import { BadCells, ExcelButtons, useExcelSheet } from '../shared/ExcelUpload';

interface Template {
  key: string;
  name: { zh: string; en: string };
  phases: { key: string; kind: string; name: { zh: string; en: string }; duration: { amount: number; unit: 'working_days' | 'calendar_days' } }[];
}
interface School {
  id: string;
  code: string;
  name: string;
  district: string;
  level: 'primary' | 'junior' | 'nine_year' | 'twelve_year' | 'complete_secondary' | 'special';
}
interface Values {
  name: string;
  templateKey: string;
  startsAt?: Dayjs;
  durations: Record<string, { amount: number; unit: 'working_days' | 'calendar_days' }>;
  office?: string;
  phone?: string;
}

const levelLabels: Record<string, string> = { primary: '小学', junior: '初中', nine_year: '九年一贯', twelve_year: '十二年一贯', complete_secondary: '完全中学', special: '特殊教育' };

/** A new campaign from a template: its name, phase lengths, the schools taking part, and where objections go. */
export function CreateCampaign() {
  const me = useMe();
  const navigate = useNavigate();
  const show = useProblem();
  const [form] = Form.useForm<Values>();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [schools, setSchools] = useState<School[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const templateKey = Form.useWatch('templateKey', form);
  const template = templates?.find((t) => t.key === templateKey);

  useEffect(() => {
    Promise.all([ok(api.GET('/templates')), ok(api.GET('/bureaus/{bureauId}/schools', { params: { path: { bureauId: me.bureauId } } }))])
      .then(([t, s]) => {
        setTemplates(t as unknown as Template[]);
        setSchools(s as unknown as School[]);
        setChosen((s as unknown as School[]).map((x) => x.id));
      })
      .catch((err: unknown) => {
        show(err);
        setTemplates([]);
        setSchools([]);
      });
  }, [me.bureauId, show]);

  // A school list from Excel: its schools replace the list below, all selected (new ones are added to the bureau when the campaign is created).
  const sheet = useExcelSheet<{ schools: Omit<School, 'id'>[] }>({
    template: { url: `/bureaus/${me.bureauId}/schools/template.xlsx`, filename: '学校名单.xlsx' },
    upload: {
      url: `/bureaus/${me.bureauId}/schools/sheet`,
      failed: { zh: '学校名单有误', en: 'The school list is invalid' },
      success: '已读取学校名单 / School list read',
      onDone: (answer) => {
        const listed = (answer.schools ?? []).map((s) => ({ ...s, id: `sheet:${s.code}` }));
        setSchools(listed);
        setChosen(listed.map((s) => s.id));
      },
    },
  });

  useEffect(() => {
    if (template) form.setFieldValue('durations', Object.fromEntries(template.phases.map((p) => [p.key, p.duration])));
  }, [template, form]);

  const { run, busy, problem } = useAction(async (v: Values) => {
    const picked = (schools ?? []).filter((s) => chosen.includes(s.id));
    const created = (await ok(
      api.POST('/bureaus/{bureauId}/campaigns', {
        params: { path: { bureauId: me.bureauId } },
        body: {
          name: v.name,
          templateKey: v.templateKey,
          startsAt: v.startsAt?.toISOString(),
          phaseDurations: v.durations,
          schools: picked.map(({ code, name, district, level }) => ({ code, name, district, level })),
          publicityContact: v.office && v.phone ? { office: v.office, phone: v.phone } : undefined,
        },
      }),
    )) as unknown as { id: string };
    await ok(api.POST('/campaigns/{campaignId}/start', { params: { path: { campaignId: created.id } } }));
    void navigate(`/campaigns/${created.id}`);
  }, { form, success: '活动已创建并启动 / Campaign created and started' });

  if (!templates || !schools) return <Spin tip="加载中 / Loading"><div style={{ height: 200 }} /></Spin>;
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>新建活动 New campaign</Typography.Title>}>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={{ templateKey: templates[0]?.key }} style={{ maxWidth: 900 }}>
        <Form.Item label="活动名称 Name" name="name" rules={[{ required: true, message: '请填写活动名称 / enter a name' }]}>
          <Input placeholder="例如：2027 年义务教育优质均衡示范校创建" />
        </Form.Item>
        <Form.Item label="模板 Template" name="templateKey" rules={[{ required: true }]}>
          <Select options={templates.map((t) => ({ value: t.key, label: `${t.name.zh} / ${t.name.en}` }))} />
        </Form.Item>
        <Form.Item label="开始时间 Starts at（不填则立即开始 / empty: now）" name="startsAt">
          <DatePicker showTime />
        </Form.Item>
        {template && (
          <Card size="small" title="各阶段时长 Phase lengths" style={{ marginBottom: 16 }}>
            {template.phases.map((p) => (
              <Space key={p.key} wrap style={{ display: 'flex', marginBottom: 8 }}>
                <span style={{ display: 'inline-block', minWidth: 220 }}>{p.name.zh} {p.name.en}</span>
                <Form.Item label={`${p.name.zh} 时长 length`} name={['durations', p.key, 'amount']} noStyle rules={[{ required: true }]}>
                  <InputNumber min={1} max={3660} aria-label={`${p.name.zh} 时长 length`} />
                </Form.Item>
                <Form.Item name={['durations', p.key, 'unit']} noStyle>
                  <Select aria-label={`${p.name.zh} 单位 unit`} style={{ width: 160 }} options={[{ value: 'working_days', label: '工作日 working days' }, { value: 'calendar_days', label: '自然日 calendar days' }]} />
                </Form.Item>
              </Space>
            ))}
          </Card>
        )}
        <Space wrap>
          <Form.Item label="异议受理科室 Objections office" name="office"><Input placeholder="督导室" /></Form.Item>
          <Form.Item label="联系电话 Phone" name="phone"><Input placeholder="0577-00000000" /></Form.Item>
        </Space>
        <div style={{ marginBottom: 12 }}>
          <ExcelButtons sheet={sheet} templateText="下载学校名单模板 Download the school list (.xlsx)" uploadText="从 Excel 导入学校名单 Import the school list" />
          <BadCells cells={sheet.badCells} title={(n) => `${n} 处有误，未导入 / ${n} problem(s); nothing imported`} placeWidth={360} />
        </div>
        <Form.Item label={`参与学校 Schools（已选 ${chosen.length} / ${schools.length}）`}>
          <Table
            rowKey="id"
            size="small"
            dataSource={schools}
            pagination={false}
            scroll={{ x: 500, y: 320 }}
            locale={{ emptyText: <Empty description="本局尚无学校 / No schools in the bureau" /> }}
            rowSelection={{ selectedRowKeys: chosen, onChange: (keys) => setChosen(keys as string[]) }}
            columns={[
              { title: '代码 Code', dataIndex: 'code' },
              { title: '学校 School', dataIndex: 'name' },
              { title: '学区 District', dataIndex: 'district' },
              { title: '学段 Level', dataIndex: 'level', render: (l: string) => levelLabels[l] ?? l },
            ]}
          />
        </Form.Item>
        <Checkbox checked disabled>创建后立即启动 Start once created</Checkbox>
        <ProblemAlert problem={problem} />
        <div style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy} disabled={chosen.length === 0}>创建并启动 Create and start</Button>
        </div>
      </Form>
    </Card>
  );
}
