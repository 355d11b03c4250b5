import { Card, Col, Empty, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { indicatorInfo, indicators, levelLabel, num, type Coefficient, type Indicator, type SectionResult } from './types';

const GREEN = '#389e0d';
const AMBER = '#d48806';
const RED = '#cf1322';

/** One horizontal bar with a reference line (the threshold or the limit), drawn with plain CSS. */
function Bar({ label, ratio, line, color, text }: { label: string; ratio: number; line: number; color: string; text: string }) {
  const scale = Math.max(ratio, line) * 1.15 || 1;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(90px, 34%) 1fr', gap: 8, alignItems: 'center', marginBottom: 4 }}>
      <span style={{ fontSize: 13, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={label}>{label}</span>
      <div style={{ position: 'relative', height: 18, background: '#f5f5f5', borderRadius: 2 }} aria-label={`${label}：${text}`} role="img">
        <div style={{ width: `${Math.min(100, (ratio / scale) * 100)}%`, height: '100%', background: color, borderRadius: 2 }} />
        <div style={{ position: 'absolute', top: -2, bottom: -2, left: `${(line / scale) * 100}%`, borderLeft: '2px dashed #262626' }} />
        <span style={{ position: 'absolute', right: 4, top: 0, fontSize: 12, lineHeight: '18px', color: '#262626' }}>{text}</span>
      </div>
    </div>
  );
}

/** Each indicator: every school section's value as a share of its level's threshold (dashed line = 100 %). */
export function IndicatorCharts({ schools }: { schools: SectionResult[] }) {
  const [indicator, setIndicator] = useState<Indicator>('qualifiedTeachers');
  if (schools.length === 0) return <Empty description="暂无数据 / No data" />;
  const info = indicatorInfo[indicator];
  const rows = [...schools].sort((a, b) => a.values[indicator] / info.thresholds[a.level] - b.values[indicator] / info.thresholds[b.level]);
  return (
    <Card
      size="small"
      title="各校指标对照标准 Each school against the threshold"
      extra={
        <Select
          aria-label="选择指标 Indicator"
          value={indicator}
          onChange={setIndicator}
          style={{ minWidth: 220, maxWidth: '100%' }}
          options={indicators.map((k) => ({ value: k, label: `${indicatorInfo[k].zh}` }))}
        />
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {info.zh} / {info.en}。标准 Threshold：小学 {info.thresholds.primary}，初中 {info.thresholds.junior}。虚线为标准（100%）；绿色达标，橙色不低于 85%，红色低于 85%。
        <br />Dashed line = the threshold; green met, amber ≥ 85 %, red below 85 %.
      </Typography.Paragraph>
      {rows.map((s) => {
        const t = info.thresholds[s.level];
        const ratio = s.values[indicator] / t;
        return (
          <Bar
            key={`${s.schoolId}-${s.level}`}
            label={`${s.name}（${s.level === 'primary' ? '小学' : '初中'}）`}
            ratio={ratio}
            line={1}
            color={ratio >= 1 ? GREEN : ratio >= 0.85 ? AMBER : RED}
            text={`${num(s.values[indicator])} / ${t}`}
          />
        );
      })}
    </Card>
  );
}

/** Each coefficient of variation against its limit (dashed line), per level. */
export function CoefficientCharts({ coefficients }: { coefficients: Coefficient[] }) {
  if (coefficients.length === 0) return <Empty description="暂无数据 / No data" />;
  const levels = (['primary', 'junior'] as const).filter((l) => coefficients.some((c) => c.level === l));
  return (
    <Row gutter={[16, 16]}>
      {levels.map((level) => {
        const mine = coefficients.filter((c) => c.level === level);
        return (
          <Col xs={24} lg={12} key={level}>
            <Card size="small" title={`差异系数 CV · ${levelLabel[level]}（限值 ${mine[0]!.limit}）`}>
              <Space orientation="vertical" style={{ width: '100%' }} size={0}>
                {mine.map((c) => (
                  <Bar key={c.indicator} label={indicatorInfo[c.indicator].short} ratio={c.cv} line={c.limit} color={c.passes ? GREEN : RED} text={`${c.cv.toFixed(3)} ${c.passes ? '≤' : '>'} ${c.limit}`} />
                ))}
              </Space>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
