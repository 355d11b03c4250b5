import { Alert, App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, bearer, ok, refusal } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing } from '../../format';
import { useMe } from '../../me';
import { useLoad } from '../readiness/useLoad';
import { EvaluateModal, type Evaluation } from './MentorsEvaluate';
import { MentorsPairing } from './MentorsPairing';
import { indicatorsOf } from './AcceptanceCommon';
import { levelText } from './applications';
import type { TabProps } from './types';

/** Mentor selection (导师型学校遴选): evaluations of the seed schools with their verdicts, the practice collection, and the 1+X pairing. */
export function MentorsTab({ campaign, reload }: TabProps) {
  const me = useMe();
  const { modal } = App.useApp();
  const campaignId = campaign.id;
  const [version, setVersion] = useState(0);
  const [evaluating, setEvaluating] = useState<Evaluation | null>(null);
  const evaluations = useLoad(async () => (await ok(api.GET('/campaigns/{campaignId}/evaluations', { params: { path: { campaignId } } }))) as unknown as Evaluation[], `${campaignId}|${version}`);
  const collection = useAction(openCollection(campaignId));
  if (me.role !== 'bureau_admin' && me.role !== 'department_staff') return <Empty description="本页面供教育局使用 / For the bureau" />;
  const indicators = indicatorsOf(campaign);
  const rows = evaluations.data ?? [];
  const mentors = rows.filter((r) => r.verdict?.mentor);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        size="small"
        title={<Typography.Title level={4} style={{ margin: 0 }}>种子校评议 Evaluations of the seed schools</Typography.Title>}
        extra={<Button onClick={() => void collection.run()} loading={collection.busy}>经验做法集锦（打印）Practice collection</Button>}
      >
        <Typography.Paragraph type="secondary">
          评议结果按模板规则自动判定是否为导师型学校。Each verdict follows the template's rule.
          {rows.length > 0 && ` 已评议 ${rows.filter((r) => r.evaluated).length} / ${rows.length}，导师型 ${mentors.length} 所。${rows.filter((r) => r.evaluated).length} of ${rows.length} evaluated, ${mentors.length} mentor(s).`}
        </Typography.Paragraph>
        <ProblemAlert problem={evaluations.problem} />
        <Table
          rowKey="schoolId"
          size="small"
          loading={evaluations.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <Empty description="种子校名单尚未定稿，暂无可评议的学校 / No seed schools to evaluate yet (the seed list is not final)" /> }}
          expandable={{
            rowExpandable: (r) => !!r.ratings,
            expandedRowRender: (r) => (
              <Space wrap size={[12, 4]}>
                {indicators.map((i) => <span key={i.key}>{i.name.zh}：<b>{levelText[r.ratings?.[i.key] ?? ''] ?? '—'}</b></span>)}
              </Space>
            ),
          }}
          columns={[
            { title: '学校 School', dataIndex: 'name', width: 170 },
            { title: '学区 District', dataIndex: 'district', width: 110 },
            {
              title: '结论 Verdict',
              width: 140,
              render: (_: unknown, r: Evaluation) => (!r.verdict ? <Tag>待评议 Pending</Tag> : r.verdict.mentor ? <Tag color="success">导师型 Mentor</Tag> : <Tag color="default">未入选 Not a mentor</Tag>),
              filters: [{ text: '导师型 Mentor', value: 'mentor' }, { text: '未入选 Not a mentor', value: 'no' }, { text: '待评议 Pending', value: 'pending' }],
              onFilter: (v, r) => (v === 'pending' ? !r.verdict : v === 'mentor' ? !!r.verdict?.mentor : !!r.verdict && !r.verdict.mentor),
            },
            { title: '说明 Explanation', render: (_: unknown, r: Evaluation) => (r.verdict ? <>{r.verdict.explanation.zh}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.verdict.explanation.en}</Typography.Text></> : '—') },
            { title: '评议时间 Evaluated', dataIndex: 'evaluatedAt', width: 150, render: (t: string | null) => beijing(t) },
            { title: '操作 Actions', width: 130, render: (_: unknown, r: Evaluation) => <Button size="small" type={r.evaluated ? 'default' : 'primary'} onClick={() => setEvaluating(r)}>{r.evaluated ? '重新评议 Re-evaluate' : '评议 Evaluate'}</Button> },
          ]}
        />
      </Card>
      <MentorsPairing campaign={campaign} evaluations={rows} />
      {evaluating && (
        <EvaluateModal
          campaign={campaign}
          evaluation={evaluating}
          onClose={() => setEvaluating(null)}
          onDone={(v) => {
            setEvaluating(null);
            setVersion((x) => x + 1);
            void reload();
            void modal.info({ title: v.mentor ? '评定为导师型学校 / A mentor school' : '未入选导师型学校 / Not a mentor school', content: <><p>{v.explanation.zh}</p><p>{v.explanation.en}</p></>, okText: '知道了 OK' });
          }}
        />
      )}
      {!evaluations.loading && rows.length > 0 && mentors.length === 0 && <Alert type="info" showIcon title="尚无导师型学校 / No mentor school yet" />}
    </Space>
  );
}

/** The collection is printable HTML behind the token: fetch it and open it as a blob in a new tab. */
function openCollection(campaignId: string) {
  return async () => {
    const tab = window.open('', '_blank');
    const res = await fetch(`/campaigns/${campaignId}/practices/collection`, { headers: bearer() });
    if (!res.ok) {
      tab?.close();
      throw await refusal(res, '无法打开集锦', 'Could not open the collection');
    }
    const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html;charset=utf-8' }));
    if (tab) tab.location.href = url;
    else {
      const a = document.createElement('a');
      a.href = url;
      a.target = '_blank';
      a.click();
    }
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
}
