import { Button, Card, Collapse, Descriptions, Empty, Form, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { defaultUnitCosts } from '../../../../domain/what-it-takes';
import { indicatorInfo, indicators, levelLabel, num, yuan, type Addition, type Indicator, type Level, type Plan } from './types';

/** The unit each default cost (domain/what-it-takes.ts, shown as placeholders) is priced per. */
const costUnit: Record<Indicator, string> = {
  qualifiedTeachers: '每名教师 per teacher',
  backboneTeachers: '每名教师 per teacher',
  peArtsTeachers: '每名教师 per teacher',
  teachingSpace: '每㎡ per m²',
  sportsSpace: '每㎡ per m²',
  equipment: '每 1000 元设备 per ¥1,000 of equipment',
  multimediaRooms: '每间 per room',
};

/** What it would take to pass: the least priced additions per school, verified by recomputation. */
export function PlanToPass({ bureauId, schoolYear }: { bureauId: string; schoolYear: string }) {
  const [form] = Form.useForm<{ costs: Partial<Record<Indicator, number | null>> }>();
  const [plan, setPlan] = useState<Plan | null>(null);
  const { run, busy, problem } = useAction(async (v: { costs?: Partial<Record<Indicator, number | null>> }) => {
    const costs = Object.fromEntries(Object.entries(v.costs ?? {}).filter(([, c]) => c !== null && c !== undefined)) as Partial<Record<Indicator, number>>;
    setPlan((await ok(api.POST('/bureaus/{bureauId}/balance/{schoolYear}/plan', { params: { path: { bureauId, schoolYear } }, body: { costs } }))) as unknown as Plan);
  }, { form });
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card size="small" title={`达标方案 Plan to pass · ${schoolYear}`}>
        <Form form={form} layout="vertical" onFinish={(v) => void run(v)}>
          <Collapse
            size="small"
            items={[
              {
                key: 'costs',
                label: '单位成本（可选，留空用默认值）Unit costs (optional; blank = default)',
                children: (
                  <Space wrap align="start">
                    {indicators.map((k) => (
                      <Form.Item key={k} name={['costs', k]} label={`${indicatorInfo[k].short}（元）${costUnit[k]}`} tooltip={indicatorInfo[k].zh}>
                        <InputNumber min={0} placeholder={`默认 ${defaultUnitCosts[k].cost}`} style={{ width: 200 }} />
                      </Form.Item>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          <ProblemAlert problem={problem} brief style={{ marginTop: 12 }} />
          <Button style={{ marginTop: 12 }} type="primary" htmlType="submit" loading={busy}>计算达标方案 Compute the plan</Button>
        </Form>
      </Card>
      {plan ? <PlanResult plan={plan} /> : !busy && <Empty description="点击“计算达标方案”查看每校需增加的资源和费用 / Compute the plan to see what each school needs" />}
    </Space>
  );
}

function PlanResult({ plan }: { plan: Plan }) {
  const v = plan.verified;
  return (
    <Card size="small" title="方案结果 The plan">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label="总费用 Total cost"><b>{yuan(plan.totalCost)}</b></Descriptions.Item>
        <Descriptions.Item label="核验：所有学段达标 Every section passes">{v.everySchoolPasses ? <Tag color="success">是 Yes</Tag> : <Tag color="error">否 No</Tag>}</Descriptions.Item>
        <Descriptions.Item label="核验：差异系数均不超限 Every coefficient within limit">{v.everyCoefficientUnderLimit ? <Tag color="success">是 Yes</Tag> : <Tag color="error">否 No</Tag>}</Descriptions.Item>
      </Descriptions>
      <Table
        style={{ marginTop: 12 }}
        rowKey={(r) => `${r.schoolId}-${r.level}-${r.indicator}`}
        size="small"
        dataSource={plan.additions}
        pagination={plan.additions.length > 30 ? { pageSize: 30 } : false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description="无需增加任何资源：已全部达标 / Nothing to add: everything passes" /> }}
        columns={[
          { title: '学校 School', dataIndex: 'name' },
          { title: '学段 Level', dataIndex: 'level', render: (l: Level) => levelLabel[l] },
          { title: '指标 Indicator', dataIndex: 'indicator', render: (k: Indicator) => indicatorInfo[k].zh },
          { title: '增加 Add', dataIndex: 'units', render: (u: number, r: Addition) => `${num(u)} ${r.indicator === 'equipment' ? '元' : r.indicator.endsWith('Space') ? '㎡' : r.indicator === 'multimediaRooms' ? '间' : '人'}` },
          { title: '费用 Cost', dataIndex: 'cost', render: (c: number) => yuan(c) },
          { title: '原因 Why', dataIndex: 'why', render: (w: Addition['why']) => (w === 'coefficient' ? <Tag color="purple">降低差异系数 Coefficient</Tag> : <Tag color="blue">学校达标 School threshold</Tag>) },
        ]}
        summary={() =>
          plan.additions.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}><b>合计 Total</b></Table.Summary.Cell>
              <Table.Summary.Cell index={4}><b>{yuan(plan.totalCost)}</b></Table.Summary.Cell>
              <Table.Summary.Cell index={5} />
            </Table.Summary.Row>
          ) : null
        }
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>计算方法 Method</Typography.Title>
      <Typography.Paragraph>{plan.method.zh}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{plan.method.en}</Typography.Paragraph>
    </Card>
  );
}
