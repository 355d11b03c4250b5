import { Button, Card, DatePicker, Empty, Form, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, download, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing, pct } from '../../format';
import type { Me } from '../../me';
import { ReassignModal, ReviewModal, SubmitModal } from './ChecklistActions';
import { ChecklistGlance } from './ChecklistGlance';
import { useLoad } from './useLoad';
import type { Category, Checklist as ChecklistData, ChecklistItem, Department, ItemStatus } from './types';

export const statusTag: Record<ItemStatus, { color: string; label: string }> = {
  open: { color: 'default', label: '待报送 Open' },
  submitted: { color: 'processing', label: '待审核 Submitted' },
  accepted: { color: 'success', label: '已验收 Accepted' },
  returned: { color: 'warning', label: '已退回 Returned' },
};
const categoryShort: Record<Category, string> = { government: '政府保障 Government', quality: '教育质量 Quality', recognition: '社会认可 Recognition', veto: '一票否决 Veto' };

type Dialog = { kind: 'reassign' | 'accept' | 'return' | 'submit'; item: ChecklistItem } | null;

/** The county checklist (31 items): status at a glance, the items, and each role's actions. */
export function Checklist({ me, schoolYear }: { me: Me; schoolYear: string }) {
  const { bureauId } = me;
  const checklist = useLoad(async () => (await ok(api.GET('/bureaus/{bureauId}/balance/{schoolYear}/checklist', { params: { path: { bureauId, schoolYear } } }))) as unknown as ChecklistData, `${bureauId}|${schoolYear}`);
  const departments = useLoad(async () => (await ok(api.GET('/bureaus/{bureauId}/departments', { params: { path: { bureauId } } }))) as unknown as Department[], bureauId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const isAdmin = me.role === 'bureau_admin';

  if (checklist.loading && !checklist.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (checklist.problem?.code === 'no_checklist') {
    return isAdmin ? <SetUp bureauId={bureauId} schoolYear={schoolYear} onDone={() => void checklist.reload()} /> : <Empty description={`${schoolYear} 学年尚未建立评估清单，请联系局管理员 / No checklist for this school year yet; ask the bureau administrator`} />;
  }
  if (checklist.problem) return <ProblemAlert problem={checklist.problem} />;
  const data = checklist.data;
  if (!data) return null;
  const done = () => {
    setDialog(null);
    void checklist.reload();
  };
  const mine = (i: ChecklistItem) => me.role === 'department_staff' && !!me.departmentId && (i.leadDepartment?.id === me.departmentId || i.assisting.some((a) => a.id === me.departmentId));
  const common = { bureauId, schoolYear, onClose: () => setDialog(null), onDone: done };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ChecklistGlance checklist={data} />
      <Card size="small" title={<Typography.Title level={4} style={{ margin: 0 }}>评估清单 31 项 The checklist items</Typography.Title>} extra={<Typography.Text type="secondary">默认截止 Default due：{data.dueOn}</Typography.Text>}>
        <Table
          rowKey="code"
          size="small"
          dataSource={data.items}
          pagination={false}
          scroll={{ x: 1400 }}
          locale={{ emptyText: <Empty description="清单中没有项目 / No items" /> }}
          expandable={{ expandedRowRender: (i) => <ItemDetail item={i} />, rowExpandable: (i) => !!i.statement || i.evidence.length > 0 || !!i.reviewReason }}
          columns={[
            { title: '代码 Code', dataIndex: 'code', width: 80, fixed: 'left' },
            { title: '类别 Category', dataIndex: 'category', width: 130, render: (c: Category) => categoryShort[c], filters: Object.entries(categoryShort).map(([value, text]) => ({ value, text })), onFilter: (v, i) => i.category === v },
            { title: '项目 Item', width: 290, render: (_: unknown, i: ChecklistItem) => <>{i.title.zh}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.title.en}{i.atLeast !== null ? `（≥ ${pct(i.atLeast)}）` : ''}</Typography.Text></> },
            { title: '牵头科室 Lead', width: 120, render: (_: unknown, i: ChecklistItem) => i.leadDepartment?.name ?? <Tag color="warning">未指定 Unassigned</Tag> },
            { title: '配合科室 Assisting', width: 150, render: (_: unknown, i: ChecklistItem) => (i.assisting.length ? i.assisting.map((a) => a.name).join('、') : '—') },
            { title: '截止 Due', dataIndex: 'dueOn', width: 110 },
            {
              title: '状态 Status',
              width: 140,
              render: (_: unknown, i: ChecklistItem) => <Space size={4} wrap><Tag color={statusTag[i.status].color}>{statusTag[i.status].label}</Tag>{i.overdue && <Tag color="error">逾期 Overdue</Tag>}</Space>,
              filters: Object.entries(statusTag).map(([value, t]) => ({ value, text: t.label })),
              onFilter: (v, i) => i.status === v,
            },
            { title: '报送结果 Reported', width: 130, render: (_: unknown, i: ChecklistItem) => reported(i) },
            { title: '佐证 Evidence', width: 90, render: (_: unknown, i: ChecklistItem) => (i.evidence.length ? `${i.evidence.length} 个文件 files` : '—') },
            {
              title: '操作 Actions',
              width: 210,
              render: (_: unknown, i: ChecklistItem) => (
                <Space size={4} wrap>
                  {mine(i) && i.status !== 'accepted' && <Button size="small" type="primary" onClick={() => setDialog({ kind: 'submit', item: i })}>报送 Report</Button>}
                  {isAdmin && i.status === 'submitted' && <Button size="small" type="primary" onClick={() => setDialog({ kind: 'accept', item: i })}>验收 Accept</Button>}
                  {isAdmin && (i.status === 'submitted' || i.status === 'accepted') && <Button size="small" danger onClick={() => setDialog({ kind: 'return', item: i })}>退回 Return</Button>}
                  {isAdmin && <Button size="small" onClick={() => setDialog({ kind: 'reassign', item: i })}>调整 Reassign</Button>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {dialog?.kind === 'reassign' && <ReassignModal {...common} item={dialog.item} departments={departments.data ?? []} />}
      {(dialog?.kind === 'accept' || dialog?.kind === 'return') && <ReviewModal {...common} item={dialog.item} decision={dialog.kind} />}
      {dialog?.kind === 'submit' && <SubmitModal {...common} item={dialog.item} />}
    </Space>
  );
}

function reported(i: ChecklistItem) {
  if (i.status === 'open') return '—';
  if (i.atLeast !== null) return <span style={{ color: i.value !== null && i.value >= i.atLeast ? '#389e0d' : '#cf1322' }}>{pct(i.value)}</span>;
  if (i.category === 'veto') return i.met ? <Tag color="success">不存在 Absent</Tag> : <Tag color="error">存在 Present</Tag>;
  return i.met ? <Tag color="success">达到 Met</Tag> : <Tag color="error">未达到 Not met</Tag>;
}

function ItemDetail({ item }: { item: ChecklistItem }) {
  const { run, busy } = useAction((href: string, filename: string) => download(href, filename));
  return (
    <div style={{ maxWidth: 900 }}>
      {item.statement && <Typography.Paragraph><b>情况说明 Statement</b>（{beijing(item.submittedAt)}）：{item.statement}</Typography.Paragraph>}
      {item.reviewReason && <Typography.Paragraph><b>审核意见 Review note</b>（{beijing(item.reviewedAt)}）：{item.reviewReason}</Typography.Paragraph>}
      {item.evidence.length > 0 && (
        <div>
          <b>佐证材料 Evidence</b>：
          {item.evidence.map((e) => (
            <Button key={e.id} type="link" size="small" disabled={busy} onClick={() => void run(e.href, e.filename)}>
              {e.filename}（{Math.ceil(e.sizeBytes / 1024)} KB，{beijing(e.uploadedAt)}）
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Admin: set up the checklist for the school year with a default due date (departments from seed 004). */
function SetUp({ bureauId, schoolYear, onDone }: { bureauId: string; schoolYear: string; onDone: () => void }) {
  const [form] = Form.useForm<{ dueOn: Dayjs }>();
  const { run, busy, problem } = useAction(async (v: { dueOn: Dayjs }) => {
    await ok(api.POST('/bureaus/{bureauId}/balance/{schoolYear}/checklist', { params: { path: { bureauId, schoolYear } }, body: { dueOn: v.dueOn.format('YYYY-MM-DD') } }));
    onDone();
  }, { form, success: '评估清单已建立 / Checklist set up' });
  return (
    <Card size="small" title={`建立 ${schoolYear} 学年评估清单 Set up the checklist`}>
      <Typography.Paragraph>
        清单包括政府保障程度 15 项、教育质量 9 项、社会认可度 1 项和一票否决情形 6 项，按任务分解表自动分配牵头与配合科室，之后可逐项调整。
        <br /><Typography.Text type="secondary">31 items (15 government, 9 quality, the survey, 6 veto conditions), assigned to departments by the task table; change them one by one afterwards.</Typography.Text>
      </Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => void run(v)}>
        <Form.Item label="默认截止日期 Default due date" name="dueOn" rules={[{ required: true, message: '请选择日期 / choose a date' }]}>
          <DatePicker />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>建立清单 Set up</Button>
      </Form>
      <div style={{ marginTop: 12 }}><ProblemAlert problem={problem} /></div>
    </Card>
  );
}
