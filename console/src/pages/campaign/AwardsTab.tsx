import { Alert, Button, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { api, download, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { pct } from '../../format';
import { useMe } from '../../me';
import { both, categoriesOf, Loaded, PhaseBanner, schoolRoleLabels, useLoad, type Localized } from './AcceptanceCommon';
import { AwardsOverrideModal } from './AwardsOverride';
import type { CampaignDetail, TabProps } from './types';

export interface AwardRow {
  schoolId: string;
  name: string;
  district: string;
  role: string;
  metrics: Record<string, number>;
  proposed: { category: string | null; vetoed: boolean; explanation: Localized };
  category: string | null;
  categoryName: Localized | null;
  vetoed: boolean;
  overrideReason: string | null;
}
interface Awards {
  approved: boolean;
  contentHash: string | null;
  schools: AwardRow[];
}

const metricLabels: Record<string, { label: string; share?: boolean }> = {
  final: { label: '验收得分 Acceptance score' },
  improvementTotal: { label: '提升幅度 Improvement' },
  indicatorsMetShare: { label: '指标达标比例 Share of indicators met', share: true },
  partnerMeanImprovement: { label: '结对潜力校平均提升 Partners’ mean improvement' },
  partnersMeetingShare: { label: '结对潜力校达标比例 Share of partners meeting the standard', share: true },
};

const fetchAwards = async (campaignId: string) => (await ok(api.GET('/campaigns/{campaignId}/awards', { params: { path: { campaignId } } }))) as unknown as Awards;

/** The category a school ends with, in words. */
export function CategoryTag({ category, name, vetoed }: { category: string | null; name: Localized | null; vetoed: boolean }) {
  if (category) return <Tag color="gold">{name ? both(name) : category}</Tag>;
  if (vetoed) return <Tag color="red">一票否决 Vetoed</Tag>;
  return <Tag>未获表彰 No award</Tag>;
}

/** 表彰奖励 Awards: the bureau's proposal, overrides, approval and downloads; a school's own result. */
export function AwardsTab({ campaign }: TabProps) {
  const me = useMe();
  if (me.role === 'reviewer') return <Alert type="info" showIcon title="表彰由教育局审批 / Awards are decided by the bureau" />;
  if (me.role === 'school') return <SchoolAward campaign={campaign} />;
  return <BureauAwards campaign={campaign} canEdit={me.role === 'bureau_admin'} />;
}

function BureauAwards({ campaign, canEdit }: { campaign: CampaignDetail; canEdit: boolean }) {
  const awards = useLoad(useCallback(() => fetchAwards(campaign.id), [campaign.id]));
  const [overriding, setOverriding] = useState<AwardRow | null>(null);
  const compute = useAction(
    async () => {
      await ok(api.POST('/campaigns/{campaignId}/awards/proposal', { params: { path: { campaignId: campaign.id } } }));
      await awards.reload();
    },
    { success: '表彰建议已生成 / Proposal computed' },
  );
  const approve = useAction(
    async () => {
      await ok(api.POST('/campaigns/{campaignId}/awards/approve', { params: { path: { campaignId: campaign.id } } }));
      await awards.reload();
    },
    { success: '表彰名单已审批 / Awards approved' },
  );
  const dl = useAction(async (kind: 'xlsx' | 'pdf') =>
    kind === 'xlsx'
      ? download(`/campaigns/${campaign.id}/awards/export.xlsx`, `表彰汇总表-${campaign.name}.xlsx`)
      : download(`/campaigns/${campaign.id}/awards/notice.pdf`, `表彰名单-${campaign.name}.pdf`),
  );
  const rows = awards.data?.schools ?? [];
  const approved = !!awards.data?.approved;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PhaseBanner campaign={campaign} kind="awards" />
      <Loaded loading={awards.loading} problem={awards.problem}>
        <Card title="表彰名单 Award list" size="small">
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Space wrap>
              {canEdit && <Button onClick={() => void compute.run()} loading={compute.busy} disabled={approved}>生成表彰建议 Compute proposal</Button>}
              {canEdit && <Button type="primary" onClick={() => void approve.run()} loading={approve.busy} disabled={approved || rows.length === 0}>审批表彰名单 Approve awards</Button>}
              <Button onClick={() => void dl.run('xlsx')} disabled={rows.length === 0} loading={dl.busy}>下载 Excel 汇总表 Download Excel</Button>
              <Button onClick={() => void dl.run('pdf')} disabled={rows.length === 0} loading={dl.busy}>下载 PDF 表彰通知 Download PDF notice</Button>
            </Space>
            {approved && <Alert type="success" showIcon title="表彰名单已审批，不能再调整 / The awards are approved and can no longer be changed" description={`校验值 Content hash：${awards.data?.contentHash ?? ''}`} />}
            {!approved && rows.length > 0 && canEdit && (
              <Typography.Text type="secondary">重新计算建议时保留已作的调整；审批后名单锁定并公布给各校。 / Recomputing keeps your overrides; approval locks the list and publishes it to the schools.</Typography.Text>
            )}
            <ProblemAlert problem={compute.problem ?? approve.problem ?? dl.problem} />
            <AwardsTable campaign={campaign} rows={rows} onOverride={canEdit && !approved ? setOverriding : undefined} />
          </Space>
        </Card>
      </Loaded>
      {overriding && <AwardsOverrideModal campaign={campaign} row={overriding} onClose={() => setOverriding(null)} onSaved={awards.reload} />}
    </Space>
  );
}

function AwardsTable({ campaign, rows, onOverride }: { campaign: CampaignDetail; rows: AwardRow[]; onOverride?: (r: AwardRow) => void }) {
  const names = new Map(categoriesOf(campaign).map((c) => [c.key, c.name]));
  return (
    <Table<AwardRow>
      rowKey="schoolId"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty description="尚未生成表彰建议 / No proposal yet: compute it from the campaign's record" /> }}
      expandable={{ expandedRowRender: (r) => <Metrics metrics={r.metrics} /> }}
      columns={[
        { title: '学校 School', dataIndex: 'name', key: 'name' },
        { title: '学区 District', dataIndex: 'district', key: 'district' },
        { title: '身份 Role', key: 'role', render: (_: unknown, r: AwardRow) => both(schoolRoleLabels[r.role]) },
        { title: '建议 Proposed', key: 'proposed', render: (_: unknown, r: AwardRow) => <CategoryTag category={r.proposed.category} name={r.proposed.category ? names.get(r.proposed.category) ?? null : null} vetoed={r.proposed.vetoed} /> },
        { title: '依据 Explanation', key: 'why', render: (_: unknown, r: AwardRow) => <>{r.proposed.explanation.zh}<br /><Typography.Text type="secondary">{r.proposed.explanation.en}</Typography.Text></> },
        {
          title: '最终类别 Final category', key: 'final',
          render: (_: unknown, r: AwardRow) => (
            <>
              <CategoryTag category={r.category} name={r.categoryName} vetoed={r.vetoed} />
              {r.overrideReason && <div><Typography.Text type="warning">已调整 Overridden：{r.overrideReason}</Typography.Text></div>}
            </>
          ),
        },
        ...(onOverride
          ? [{ title: '操作 Action', key: 'action', render: (_: unknown, r: AwardRow) => <Button size="small" aria-label={`调整 Override：${r.name}`} onClick={() => onOverride(r)}>调整 Override</Button> }]
          : []),
      ]}
    />
  );
}

function Metrics({ metrics }: { metrics: Record<string, number> }) {
  const entries = Object.entries(metrics ?? {});
  if (entries.length === 0) return <Typography.Text type="secondary">无指标数据 / No metrics</Typography.Text>;
  return (
    <Descriptions size="small" column={2} items={entries.map(([k, v]) => ({ key: k, label: metricLabels[k]?.label ?? k, children: metricLabels[k]?.share ? pct(v) : String(Math.round(v * 10) / 10) }))} />
  );
}

/** A school's own award and why, once the list is approved. */
function SchoolAward({ campaign }: { campaign: CampaignDetail }) {
  const awards = useLoad(useCallback(() => fetchAwards(campaign.id), [campaign.id]));
  const mine = awards.data?.schools[0];
  return (
    <Card title="本校表彰结果 Your school's award" size="small">
      <Loaded loading={awards.loading} problem={awards.problem}>
        {!awards.data?.approved || !mine ? (
          <Empty description="表彰名单尚未审批公布，公布后在此显示本校结果 / The award list is not approved yet; your result appears here once it is" />
        ) : (
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'school', label: '学校 School', children: mine.name },
              { key: 'category', label: '类别 Category', children: <CategoryTag category={mine.category} name={mine.categoryName} vetoed={mine.vetoed} /> },
              { key: 'why', label: '依据 Why', children: <>{mine.proposed.explanation.zh}<br /><Typography.Text type="secondary">{mine.proposed.explanation.en}</Typography.Text></> },
              ...(mine.overrideReason ? [{ key: 'override', label: '教育局调整理由 Bureau’s reason for a change', children: mine.overrideReason }] : []),
              { key: 'metrics', label: '相关数据 Figures', children: <Metrics metrics={mine.metrics} /> },
            ]}
          />
        )}
      </Loaded>
    </Card>
  );
}
