import { Button, Card, Select, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { api, download, ok } from '../../api';
import { useAction } from '../../errors';
import { useMe } from '../../me';
import { BalanceView } from './BalanceView';
import { DataVersions, UploadData } from './BalanceData';
import { Checklist } from './Checklist';
import { PlanToPass } from './PlanToPass';
import { TargetPlans } from './TargetPlans';
import { useLoad } from './useLoad';
import { schoolYears, type Standing } from './types';

/** The 优质均衡 readiness dashboard of a school year: resources, the plan to pass, the checklist, target plans. */
export function Readiness() {
  const me = useMe();
  const [schoolYear, setSchoolYear] = useState('2025-2026');
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const { bureauId } = me;
  const isAdmin = me.role === 'bureau_admin';
  const standing = useLoad(
    async () => (await ok(api.GET('/bureaus/{bureauId}/balance/{schoolYear}', { params: { path: { bureauId, schoolYear } } }))) as unknown as Standing,
    `${bureauId}|${schoolYear}|${version}`,
  );
  const xlsx = useAction(() => download(`/bureaus/${bureauId}/balance/${schoolYear}/report.xlsx`, `优质均衡评估报告-${schoolYear}.xlsx`));
  const pdf = useAction(() => download(`/bureaus/${bureauId}/balance/${schoolYear}/report.pdf`, `优质均衡评估报告-${schoolYear}.pdf`));
  if (me.role !== 'bureau_admin' && me.role !== 'department_staff') {
    return <Card><Typography.Paragraph>本页面仅供教育局管理员和科室工作人员使用 / This page is for bureau administrators and department staff.</Typography.Paragraph></Card>;
  }
  const hasData = (standing.data?.schools.length ?? 0) > 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>优质均衡发展评估 Readiness</Typography.Title>
        <Space wrap>
          <label htmlFor="school-year">学年 School year</label>
          <Select id="school-year" value={schoolYear} onChange={setSchoolYear} style={{ width: 140 }} options={schoolYears().map((y) => ({ value: y, label: y }))} />
          <Button onClick={() => void xlsx.run()} loading={xlsx.busy} disabled={!hasData}>下载 Excel 报告 Download Excel report</Button>
          <Button onClick={() => void pdf.run()} loading={pdf.busy} disabled={!hasData}>下载 PDF 报告 Download PDF report</Button>
        </Space>
      </Space>
      <Tabs
        destroyOnHidden
        items={[
          {
            key: 'resources',
            label: '资源配置 Resources',
            children: (
              <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                {isAdmin && <UploadData bureauId={bureauId} schoolYear={schoolYear} onChanged={changed} />}
                <BalanceView standing={standing.data} loading={standing.loading} problem={standing.problem} />
              </Space>
            ),
          },
          { key: 'plan', label: '达标方案 Plan to pass', children: <PlanToPass bureauId={bureauId} schoolYear={schoolYear} /> },
          { key: 'versions', label: isAdmin ? '更正与版本 Corrections & history' : '数据版本 History', children: <DataVersions bureauId={bureauId} schoolYear={schoolYear} isAdmin={isAdmin} version={version} onChanged={changed} /> },
          { key: 'checklist', label: '评估清单 Checklist', children: <Checklist me={me} schoolYear={schoolYear} /> },
          { key: 'targets', label: '目标规划 Target plans', children: <TargetPlans me={me} /> },
        ]}
      />
    </Space>
  );
}
