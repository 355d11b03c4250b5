import { Alert, Card, Col, Empty, Row, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { ProblemAlert } from '../../errors';
import { pct } from '../../format';
import { CoefficientCharts, IndicatorCharts } from './Charts';
import { indicatorInfo, indicators, levelLabel, num, type Coefficient, type SectionResult, type Standing } from './types';
import type { Problem } from '../../api';

/** Where the county stands on the resource indicators for a school year: summary, charts and tables. */
export function BalanceView({ standing, loading, problem }: { standing: Standing | null; loading: boolean; problem: Problem | null }) {
  if (loading && !standing) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (problem) return <ProblemAlert problem={problem} />;
  if (!standing) return null;
  if (standing.schools.length === 0 && standing.excluded.length === 0) {
    return <Empty description={`${standing.schoolYear} 学年尚无资源数据，请下载模板填写后上传 / No resource data for this school year yet: download the template, fill it in and upload it`} />;
  }
  const s = standing.summary;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Summary standing={standing} />
      <Alert
        type={s.ready ? 'success' : 'warning'}
        showIcon
        title={s.ready ? '资源配置已达到优质均衡要求 / The resource indicators meet the standard' : '资源配置尚未达到优质均衡要求 / Not ready yet'}
        description={
          s.ready
            ? '所有学段均达标，所有差异系数均在限值以内。Every section passes and every coefficient is within its limit.'
            : `${s.sections - s.passing} 个学校学段未达标，${s.coefficientsOverLimit} 项差异系数超限。${s.sections - s.passing} section(s) fail, ${s.coefficientsOverLimit} coefficient(s) over the limit.`
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <IndicatorCharts schools={standing.schools} />
        </Col>
        <Col xs={24} xl={12}>
          <CoefficientCharts coefficients={standing.coefficients} />
        </Col>
      </Row>
      <Card size="small" title={<Typography.Title level={4} style={{ margin: 0 }}>各校学段指标 School sections</Typography.Title>}>
        <SectionsTable rows={standing.schools} />
      </Card>
      <Card size="small" title={<Typography.Title level={4} style={{ margin: 0 }}>差异系数 Coefficients of variation</Typography.Title>}>
        <CoefficientTable rows={standing.coefficients} />
      </Card>
      <Card size="small" title={<Typography.Title level={4} style={{ margin: 0 }}>不计入的学校 Excluded sections</Typography.Title>}>
        <Table
          rowKey={(r) => `${r.schoolId}-${r.level}`}
          size="small"
          pagination={false}
          scroll={{ x: 500 }}
          dataSource={standing.excluded}
          locale={{ emptyText: <Empty description="没有不计入的学校 / None excluded" /> }}
          columns={[
            { title: '学校 School', dataIndex: 'name' },
            { title: '学段 Level', dataIndex: 'level', render: (l: 'primary' | 'junior') => levelLabel[l] },
            { title: '原因 Reason', render: (_: unknown, r) => (r.reason ? `${r.reason.zh} / ${r.reason.en}` : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}

function Summary({ standing }: { standing: Standing }) {
  const s = standing.summary;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="参评学段 Sections" value={s.sections} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Typography.Text type="secondary">学段达标 Sections passing</Typography.Text>
          <div data-testid="passing" style={{ fontSize: 24, fontWeight: 600, color: s.passing === s.sections ? '#389e0d' : '#cf1322' }}>
            达标 {s.passing} / {s.sections}
          </div>
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="差异系数超限 Coefficients over limit" value={s.coefficientsOverLimit} styles={{ content: { color: s.coefficientsOverLimit > 0 ? '#cf1322' : '#389e0d' } }} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Typography.Text type="secondary">是否达到 Ready</Typography.Text>
          <div style={{ marginTop: 8 }}>
            {s.ready ? <Tag color="success" style={{ fontSize: 16, padding: '4px 10px' }}>已达到 Ready</Tag> : <Tag color="error" style={{ fontSize: 16, padding: '4px 10px' }}>未达到 Not ready</Tag>}
          </div>
        </Card>
      </Col>
    </Row>
  );
}

function SectionsTable({ rows }: { rows: SectionResult[] }) {
  return (
    <Table
      rowKey={(r) => `${r.schoolId}-${r.level}`}
      size="small"
      dataSource={rows}
      pagination={rows.length > 30 ? { pageSize: 30 } : false}
      scroll={{ x: 1500 }}
      locale={{ emptyText: <Empty description="暂无参评学段 / No sections" /> }}
      columns={[
        { title: '学校 School', dataIndex: 'name', fixed: 'left', width: 150 },
        { title: '学段 Level', dataIndex: 'level', width: 100, render: (l: 'primary' | 'junior') => levelLabel[l], filters: [{ text: '小学 Primary', value: 'primary' }, { text: '初中 Junior', value: 'junior' }], onFilter: (v, r) => r.level === v },
        ...indicators.map((k) => ({
          title: <Tooltip title={`${indicatorInfo[k].zh} / ${indicatorInfo[k].en}`}>{indicatorInfo[k].short}</Tooltip>,
          key: k,
          width: 105,
          render: (_: unknown, r: SectionResult) => {
            const met = r.met.includes(k);
            const t = indicatorInfo[k].thresholds[r.level];
            return (
              <Tooltip title={`标准 threshold ${t}`}>
                <span style={{ color: met ? '#389e0d' : '#cf1322' }}>
                  {met ? '✓' : '✗'} {num(r.values[k])}
                </span>
              </Tooltip>
            );
          },
        })),
        {
          title: '结果 Result',
          width: 110,
          render: (_: unknown, r: SectionResult) => (r.passes ? <Tag color="success">达标 Passes</Tag> : <Tag color="error">未达标 Fails</Tag>),
          filters: [{ text: '达标 Passes', value: true }, { text: '未达标 Fails', value: false }],
          onFilter: (v, r) => r.passes === v,
        },
        { title: '说明 Explanation', width: 380, render: (_: unknown, r: SectionResult) => <><div>{r.explanation.zh}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.explanation.en}</Typography.Text></> },
      ]}
    />
  );
}

function CoefficientTable({ rows }: { rows: Coefficient[] }) {
  return (
    <Table
      rowKey={(r) => `${r.level}-${r.indicator}`}
      size="small"
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1100 }}
      locale={{ emptyText: <Empty description="暂无数据 / No data" /> }}
      columns={[
        { title: '学段 Level', dataIndex: 'level', width: 100, render: (l: 'primary' | 'junior') => levelLabel[l] },
        { title: '指标 Indicator', dataIndex: 'indicator', width: 220, render: (k: keyof typeof indicatorInfo) => indicatorInfo[k].zh },
        { title: '均值 Mean', dataIndex: 'mean', width: 90, render: (x: number) => num(x) },
        { title: '标准差 S', dataIndex: 'sd', width: 90, render: (x: number) => num(x) },
        { title: '差异系数 CV', dataIndex: 'cv', width: 110, render: (x: number, r) => <b style={{ color: r.passes ? '#389e0d' : '#cf1322' }}>{x.toFixed(3)}</b> },
        { title: '限值 Limit', dataIndex: 'limit', width: 80 },
        { title: '结果 Result', width: 110, render: (_: unknown, r) => (r.passes ? <Tag color="success">达标 Within</Tag> : <Tag color="error">超限 Over</Tag>) },
        {
          title: '拉高系数的学校 Schools pulling it up',
          render: (_: unknown, r) => (r.pulledUpBy.length === 0 ? '—' : r.pulledUpBy.map((p) => `${p.name}（${pct(p.share)}）`).join('、')),
        },
      ]}
    />
  );
}
