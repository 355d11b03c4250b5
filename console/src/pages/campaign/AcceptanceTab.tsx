import { Space, Tabs } from 'antd';
import { useMe } from '../../me';
import { NotForRole, PhaseBanner, scoringOf } from './AcceptanceCommon';
import { AcceptanceFinals } from './AcceptanceFinals';
import { ReviewerAcceptance } from './AcceptanceReviewer';
import { AdminStage } from './AcceptanceStage';
import type { TabProps } from './types';

/**
 * 成果验收 Acceptance. The bureau forms each stage's panel and follows the scoring, the results
 * with their explanations, the sign-offs and the weighted finals; a reviewer scores the schools
 * assigned to them and signs the stage result; a school has nothing to do here.
 */
export function AcceptanceTab({ campaign }: TabProps) {
  const me = useMe();
  if (me.role === 'school') {
    return <NotForRole text="验收评分由验收组完成，本校得分及说明见“本校任务”。 / Acceptance is scored by the panels; your school's scores are shown under its tasks." />;
  }
  if (me.role === 'reviewer') return <ReviewerAcceptance campaign={campaign} />;
  const { stages } = scoringOf(campaign);
  const canEdit = me.role === 'bureau_admin';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PhaseBanner campaign={campaign} kind="acceptance" />
      <Tabs
        destroyOnHidden
        items={[
          ...stages.map((st) => ({
            key: st.key,
            label: `${st.name.zh} ${st.name.en}（权重 weight ${Math.round(st.weight * 100)}%）`,
            children: <AdminStage campaign={campaign} stage={st} canEdit={canEdit} />,
          })),
          { key: '__finals', label: '最终得分 Final scores', children: <AcceptanceFinals campaign={campaign} /> },
        ]}
      />
    </Space>
  );
}
