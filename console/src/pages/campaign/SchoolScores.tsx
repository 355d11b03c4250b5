import { Card, Descriptions, Empty, Skeleton, Typography } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../../api';
import { ProblemAlert } from '../../errors';
import { scoringOf, useLoad } from './AcceptanceCommon';
import { fetchFinals, type AcceptanceFinal } from './AcceptanceApi';
import { FinalIndicators } from './AcceptanceFinals';
import type { CampaignDetail } from './types';

/**
 * 本校验收得分 The school's acceptance scores with their explanations. The API may refuse a school
 * this list (it answers the bureau); then the page says where the scores are published instead.
 */
export function SchoolScores({ campaign, schoolId }: { campaign: CampaignDetail; schoolId: string }) {
  const finals = useLoad(
    useCallback(async () => {
      try {
        return { mine: (await fetchFinals(campaign.id)).find((f) => f.schoolId === schoolId) ?? null, refused: false };
      } catch (err) {
        if (err instanceof ApiError && err.problem.code === 'scores_not_published') return { mine: null, refused: true };
        throw err;
      }
    }, [campaign.id, schoolId]),
  );
  return (
    <Card title="本校验收得分 Your acceptance scores" size="small">
      {finals.loading ? <Skeleton active /> : finals.problem ? <ProblemAlert problem={finals.problem} /> : finals.data?.mine ? (
        <ScoreView campaign={campaign} row={finals.data.mine} />
      ) : (
        <Empty
          description={finals.data?.refused
            ? '验收得分经公示后发布，届时请查看“验收成绩公示”及消息通知 / Scores are published in the score publicity; watch the notice and your inbox'
            : '尚无验收得分 / No acceptance scores yet'}
        />
      )}
    </Card>
  );
}

function ScoreView({ campaign, row }: { campaign: CampaignDetail; row: AcceptanceFinal }) {
  const { stages } = scoringOf(campaign);
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          ...stages.map((st) => ({ key: st.key, label: `${st.name.zh} ${st.name.en}`, children: row.stages.find((x) => x.stage === st.key)?.total ?? '—' })),
          { key: 'final', label: '最终得分 Final', children: <Typography.Text strong>{row.final}</Typography.Text> },
          { key: 'why', label: '计算说明 How it was computed', children: <>{row.explanation.zh}<br /><Typography.Text type="secondary">{row.explanation.en}</Typography.Text></> },
        ]}
      />
      <div style={{ marginTop: 12 }}><FinalIndicators campaign={campaign} row={row} /></div>
    </>
  );
}
