import { Card, Empty, Table, Typography } from 'antd';
import { useCallback } from 'react';
import { indicatorsOf, Loaded, scoringOf, useLoad } from './AcceptanceCommon';
import { fetchFinals, type AcceptanceFinal } from './AcceptanceApi';
import type { CampaignDetail } from './types';

/** The final acceptance scores: each stage's total weighted, explained, with improvement per indicator. */
export function AcceptanceFinals({ campaign }: { campaign: CampaignDetail }) {
  const finals = useLoad(useCallback(() => fetchFinals(campaign.id), [campaign.id]));
  const { stages } = scoringOf(campaign);
  return (
    <Card title="最终得分 Final weighted scores" size="small">
      <Loaded loading={finals.loading} problem={finals.problem}>
        <Table<AcceptanceFinal>
          rowKey="schoolId"
          size="small"
          pagination={false}
          dataSource={finals.data ?? []}
          locale={{ emptyText: <Empty description="尚无学校完成全部验收环节的评分 / No school is fully scored in every stage yet" /> }}
          columns={[
            { title: '学校 School', dataIndex: 'name', key: 'name' },
            { title: '学区 District', dataIndex: 'district', key: 'district' },
            ...stages.map((st) => ({
              title: `${st.name.zh} ${st.name.en}`,
              key: st.key,
              render: (_: unknown, r: AcceptanceFinal) => r.stages.find((x) => x.stage === st.key)?.total ?? '—',
            })),
            { title: '最终得分 Final', key: 'final', render: (_: unknown, r: AcceptanceFinal) => <Typography.Text strong>{r.final}</Typography.Text> },
            { title: '计算说明 How it was computed', key: 'why', render: (_: unknown, r: AcceptanceFinal) => <>{r.explanation.zh}<br /><Typography.Text type="secondary">{r.explanation.en}</Typography.Text></> },
          ]}
          expandable={{ expandedRowRender: (r) => <FinalIndicators campaign={campaign} row={r} /> }}
        />
      </Loaded>
    </Card>
  );
}

/** Per indicator: the weighted final and the improvement over the baseline. */
export function FinalIndicators({ campaign, row }: { campaign: CampaignDetail; row: AcceptanceFinal }) {
  const data = indicatorsOf(campaign).map((i) => ({ key: i.key, name: `${i.name.zh} ${i.name.en}`, max: i.maxScore, final: row.indicatorFinals[i.key], improvement: row.improvement?.[i.key] }));
  return (
    <Table
      size="small"
      pagination={false}
      dataSource={data}
      columns={[
        { title: '指标 Indicator', dataIndex: 'name', key: 'name' },
        { title: '得分 Score', key: 'final', render: (_: unknown, r: (typeof data)[number]) => (r.final === undefined ? '—' : `${r.final} / ${r.max}`) },
        {
          title: '较基线提升 Improvement over baseline', key: 'improvement',
          render: (_: unknown, r: (typeof data)[number]) => (r.improvement === undefined ? '无基线 No baseline' : `${r.improvement > 0 ? '+' : ''}${r.improvement}`),
        },
      ]}
    />
  );
}
