import { Alert, Skeleton, Space, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, type Problem } from '../../api';
import { ProblemAlert } from '../../errors';
import { deadline, workingDaysLabel } from '../../format';
import type { CampaignDetail } from './types';

/**
 * Shared by the acceptance, reviewers, awards and school pages: the template's rubric and stages
 * as the campaign stored them, and a small loader with its loading and refusal states.
 */
export interface Localized {
  zh: string;
  en: string;
}
export interface Indicator {
  key: string;
  name: Localized;
  maxScore: number;
}
export interface ScoringStage {
  key: string;
  name: Localized;
  weight: number;
}
export interface AwardCategory {
  key: string;
  name: Localized;
}

const defaultStages: ScoringStage[] = [
  { key: 'report', name: { zh: '提升汇报', en: 'Improvement report' }, weight: 0.4 },
  { key: 'onsite', name: { zh: '现场查验', en: 'On-site inspection' }, weight: 0.6 },
];

export const indicatorsOf = (c: CampaignDetail): Indicator[] => (c.template.indicators as Indicator[] | undefined) ?? [];
export const scoringOf = (c: CampaignDetail) => {
  const s = (c.template.scoring ?? {}) as { stages?: ScoringStage[]; minPanel?: number; trimFrom?: number; method?: string };
  return { stages: s.stages && s.stages.length > 0 ? s.stages : defaultStages, minPanel: s.minPanel ?? 5, trimFrom: s.trimFrom ?? 5, method: s.method ?? 'trimmed_mean' };
};
export const categoriesOf = (c: CampaignDetail): AwardCategory[] => ((c.template.awards as { categories?: AwardCategory[] } | undefined)?.categories ?? []);

/** "中文 English" as one label. */
export const both = (t: Localized | null | undefined) => (t ? `${t.zh} ${t.en}` : '—');

export const schoolRoleLabels: Record<string, Localized> = {
  mentor: { zh: '导师型学校', en: 'Mentor school' },
  seed: { zh: '标杆种子校', en: 'Seed school' },
  potential: { zh: '潜力校', en: 'Potential school' },
};

/** The API's refusal as a Problem (or a generic one for anything else). */
export function asProblem(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  return { status: 0, code: 'network', titleZh: '无法连接服务器，请稍后重试', titleEn: `Could not reach the server: ${String(err)}` };
}

/**
 * Loads data for a page: `data` once loaded, `loading` on the first load, `problem` when the API
 * refused (shown with <Loaded>), and `reload()` after a change.
 */
export function useLoad<T>(fn: () => Promise<T>) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setProblem(null);
    try {
      const d = await fn();
      if (mine === seq.current) setData(d);
    } catch (err) {
      if (mine === seq.current) setProblem(asProblem(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [fn]);
  useEffect(() => {
    setLoading(true);
    void reload();
  }, [reload]);
  return { data, loading, problem, reload };
}

/** Skeleton while loading, the refusal if any, else the children. */
export function Loaded({ loading, problem, children }: { loading: boolean; problem: Problem | null; children: ReactNode }) {
  if (loading) return <Skeleton active aria-label="加载中 Loading" />;
  if (problem) return <ProblemAlert problem={problem} />;
  return <>{children}</>;
}

/** A short note in place of a page that is not for this role. */
export function NotForRole({ text }: { text: string }) {
  return <Alert type="info" showIcon title={text} />;
}

export const phaseStatusLabels: Record<string, { text: string; color: string }> = {
  open: { text: '进行中 Open', color: 'processing' },
  awaiting_approval: { text: '已截止，待审批 Closed, awaiting approval', color: 'warning' },
  closed: { text: '已截止 Closed', color: 'warning' },
  approved: { text: '已审批 Approved', color: 'success' },
  pending: { text: '未开始 Not started', color: 'default' },
};

/** The campaign's phase of a kind: its name, state and deadline in Beijing time. */
export function PhaseBanner({ campaign, kind }: { campaign: CampaignDetail; kind: string }) {
  const def = campaign.template.phases.find((p) => p.kind === kind);
  if (!def) return null;
  const phase = campaign.phases.find((p) => p.key === def.key);
  const status = phaseStatusLabels[phase?.status ?? 'pending'] ?? { text: phase?.status ?? '', color: 'default' };
  return (
    <Alert
      type={phase?.status === 'approved' ? 'success' : phase?.status === 'awaiting_approval' ? 'warning' : 'info'}
      showIcon
      title={
        <Space wrap>
          <span>{both(def.name)}</span>
          <Tag color={status.color}>{status.text}</Tag>
          {phase && <span>截止 Deadline：{deadline(phase.deadline)}（北京时间 Beijing time）</span>}
          {phase?.status === 'open' && <span>{workingDaysLabel(phase.workingDaysLeft)}</span>}
        </Space>
      }
    />
  );
}
