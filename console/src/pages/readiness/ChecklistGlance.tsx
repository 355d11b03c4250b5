import { Alert, Card, Col, Empty, List, Progress, Row, Table, Tag, Typography } from 'antd';
import type { Checklist } from './types';

/** The checklist at a glance: counts per category, the overall explanation, gaps, what each department owes. */
export function ChecklistGlance({ checklist }: { checklist: Checklist }) {
  const { standing } = checklist;
  const titleOf = (code: string) => checklist.items.find((i) => i.code === code)?.title.zh ?? code;
  return (
    <>
      <Alert
        type={standing.passes ? 'success' : standing.gaps.length > 0 ? 'error' : 'info'}
        showIcon
        title={standing.passes ? '评估清单全部达到要求 / The checklist is complete and met' : standing.complete ? '评估清单已全部验收，但有未达到项 / Complete, with gaps' : '评估清单进行中 / In progress'}
        description={<><div>{standing.explanation.zh}</div><Typography.Text type="secondary">{standing.explanation.en}</Typography.Text></>}
      />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {checklist.categories.map((c) => (
          <Col xs={24} sm={12} lg={6} key={c.key}>
            <Card size="small" title={c.title.zh}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.title.en}</Typography.Text>
              <Progress percent={c.items === 0 ? 0 : Math.round((c.accepted / c.items) * 100)} format={() => `${c.accepted}/${c.items}`} />
              <div>已验收 Accepted {c.accepted} / {c.items}，达到 Met {c.met}</div>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={10}>
          <Card size="small" title="未达到项 Gaps">
            <List
              size="small"
              dataSource={standing.gaps}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无未达到项 / No gaps" /> }}
              renderItem={(g) => (
                <List.Item>
                  <div><Tag color="error">{g.code}</Tag>{g.zh}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{g.en}</Typography.Text></div>
                </List.Item>
              )}
            />
            {standing.awaitingReview.length > 0 && (
              <Typography.Paragraph style={{ marginTop: 8 }}>待审核 Awaiting review：{standing.awaitingReview.map((c) => <Tag key={c} color="processing">{c}</Tag>)}</Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title="各科室待报送（逾期在前）What each department owes (overdue first)">
            {checklist.byDepartment.length > 0 && (
              <div style={{ marginBottom: 8 }}>
                {checklist.byDepartment.map((d) => (
                  <Tag key={d.departmentId} style={{ marginBottom: 4 }}>{d.name}：{d.owed.length} 项</Tag>
                ))}
              </div>
            )}
            <Table
              rowKey="code"
              size="small"
              dataSource={standing.owed}
              pagination={standing.owed.length > 10 ? { pageSize: 10 } : false}
              scroll={{ x: 520 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待报送的项目 / Nothing owed" /> }}
              columns={[
                { title: '项目 Item', dataIndex: 'code', width: 220, render: (c: string) => <><Tag>{c}</Tag>{titleOf(c)}</> },
                { title: '牵头科室 Lead', dataIndex: 'leadDepartmentName', render: (n: string | null) => n ?? <Tag color="warning">未指定 Unassigned</Tag> },
                { title: '截止 Due', dataIndex: 'dueOn' },
                { title: '', dataIndex: 'overdue', render: (o: boolean) => (o ? <Tag color="error">已逾期 Overdue</Tag> : <Tag>未到期 Not yet due</Tag>) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
