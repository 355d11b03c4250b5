import { Alert, Button, Card, Descriptions, Empty, Form, Input, Radio, Result, Spin, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { api, ok, toEvidence, type ApiError } from '../api';
import { ProblemAlert, useAction } from '../errors';
import { beijing, deadline } from '../format';

interface Notice {
  bureauName: string;
  campaignName: string;
  phaseName: { zh: string; en: string } | string;
  window: { id: string; round: number; status: string; opensAt: string; closesAt: string; contact: { office: string; phone: string | null; address?: string } };
  list: { version: number; contentHash: string; items: { schoolId: string; code: string; name: string; district: string; basis?: string }[] };
  objectionRules: { zh: string; en: string };
}
interface Followed {
  id: string;
  statusLabel: { zh: string; en: string };
  receivedAt: string;
  handlingDeadline: string;
  outcomeLabel: { zh: string; en: string } | null;
  decisionReason: string | null;
  followKey?: string;
}
interface Values {
  kind: 'unit' | 'person';
  unitName?: string;
  contactName?: string;
  contactPhone?: string;
  name?: string;
  unit?: string;
  phone?: string;
  facts: string;
  reasons: string;
}


/** The public notice (公示): readable on a phone, printable on A4, with the real-name objection form and following one. */
export function PublicNotice() {
  const { windowId } = useParams();
  const [search] = useSearchParams();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [failed, setFailed] = useState<ApiError | null>(null);
  const [followed, setFollowed] = useState<Followed | null>(null);
  useEffect(() => {
    ok(api.GET('/notices/{windowId}', { params: { path: { windowId: windowId! } } }))
      .then((n) => setNotice(n as unknown as Notice))
      .catch((err: unknown) => setFailed(err as ApiError));
  }, [windowId]);
  const follow = useCallback(async (objectionId: string, key: string) => {
    const f = (await ok(api.GET('/notices/{windowId}/objections/{objectionId}', { params: { path: { windowId: windowId!, objectionId }, query: { key } } }))) as unknown as Followed;
    setFollowed({ ...f, followKey: key });
  }, [windowId]);
  useEffect(() => {
    const o = search.get('objection');
    const k = search.get('key');
    if (o && k) follow(o, k).catch(() => undefined);
  }, [search, follow]);

  if (failed) return <Result status="404" title={failed.problem.titleZh} subTitle={failed.problem.titleEn} />;
  if (!notice) return <Spin fullscreen tip="加载中 / Loading" />;
  const w = notice.window;
  return (
    <div className="notice-page" style={{ maxWidth: 860, margin: '0 auto', padding: 12 }}>
      <style>{'@media print { .no-print { display: none !important; } .notice-page { max-width: none; padding: 0; } } @page { size: A4; margin: 18mm; }'}</style>
      <Card>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>{notice.bureauName}</Typography.Title>
        <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 0 }}>关于{notice.campaignName}“{typeof notice.phaseName === 'string' ? notice.phaseName : notice.phaseName.zh}”名单的公示</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>Publicity notice{w.round > 1 ? `（第 ${w.round} 轮 round ${w.round}）` : ''}</Typography.Paragraph>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="公示期 Period">{beijing(w.opensAt)} 至 {deadline(w.closesAt)}（北京时间 Beijing time）</Descriptions.Item>
          <Descriptions.Item label="状态 Status">{w.status === 'open' ? <Tag color="processing">公示中 Open</Tag> : <Tag>已截止 Closed</Tag>}</Descriptions.Item>
          <Descriptions.Item label="联系部门 Contact">{w.contact.office} {w.contact.phone ?? ''} {w.contact.address ?? ''}</Descriptions.Item>
        </Descriptions>
        <Table
          style={{ marginTop: 16 }}
          rowKey="schoolId"
          size="small"
          pagination={false}
          dataSource={notice.list.items}
          locale={{ emptyText: <Empty description="名单为空 / The list is empty" /> }}
          columns={[
            { title: '序号 No.', render: (_: unknown, __: unknown, i: number) => i + 1, width: 70 },
            { title: '学区 District', dataIndex: 'district' },
            { title: '学校 School', dataIndex: 'name' },
          ]}
        />
        <Typography.Paragraph style={{ marginTop: 16 }}>{notice.objectionRules.zh}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{notice.objectionRules.en}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>名单版本 v{notice.list.version} · SHA-256 {notice.list.contentHash}</Typography.Paragraph>
      </Card>
      {followed && <FollowCard f={followed} />}
      {w.status === 'open' && !followed && <ObjectionForm windowId={w.id} onDone={(f) => setFollowed(f)} />}
    </div>
  );
}

function FollowCard({ f }: { f: Followed }) {
  const link = `${location.origin}/console/notice/${location.pathname.split('/').pop()}?objection=${f.id}&key=${f.followKey ?? ''}`;
  return (
    <Card className="no-print" style={{ marginTop: 16 }} title="异议办理进度 Your objection">
      <Descriptions column={1} size="small">
        <Descriptions.Item label="状态 Status"><Tag color="processing">{f.statusLabel.zh} {f.statusLabel.en}</Tag></Descriptions.Item>
        <Descriptions.Item label="收到 Received">{beijing(f.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="答复时限 Answer by">{deadline(f.handlingDeadline)}</Descriptions.Item>
        {f.outcomeLabel && <Descriptions.Item label="结论 Outcome">{f.outcomeLabel.zh} {f.outcomeLabel.en}</Descriptions.Item>}
        {f.decisionReason && <Descriptions.Item label="答复 Answer">{f.decisionReason}</Descriptions.Item>}
      </Descriptions>
      <Alert type="info" showIcon title="请保存此链接以跟踪办理结果 / Keep this link to follow the answer" description={<Typography.Text copyable style={{ wordBreak: 'break-all' }}>{link}</Typography.Text>} />
    </Card>
  );
}

/** The real-name objection form: a unit with its contact, or a person with unit and phone. */
function ObjectionForm({ windowId, onDone }: { windowId: string; onDone: (f: Followed) => void }) {
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [key] = useState(() => crypto.randomUUID());
  const kind = Form.useWatch('kind', form) ?? 'person';
  const submit = useAction(async (v: Values) => {
    const submitter = v.kind === 'unit' ? { kind: 'unit' as const, unitName: v.unitName!, contactName: v.contactName!, contactPhone: v.contactPhone! } : { kind: 'person' as const, name: v.name!, unit: v.unit!, phone: v.phone! };
    const evidence = await Promise.all(files.map((f) => toEvidence(f.originFileObj as File)));
    const answer = (await ok(api.POST('/notices/{windowId}/objections', { params: { path: { windowId }, header: { 'idempotency-key': key } }, body: { submitter, facts: v.facts, reasons: v.reasons, evidence } }))) as unknown as Followed;
    onDone(answer);
  }, { form, success: '异议已受理 / Objection received' });
  const required = (zh: string, en: string) => [{ required: true, message: `请填写${zh} / ${en} is required` }];
  return (
    <Card className="no-print" style={{ marginTop: 16 }} title="实名提出异议 Object under your real name">
      <Form form={form} layout="vertical" initialValues={{ kind: 'person' }} onFinish={(v) => void submit.run(v)}>
        <Form.Item label="提出方 You are" name="kind">
          <Radio.Group options={[{ value: 'person', label: '个人 A person' }, { value: 'unit', label: '单位 A unit' }]} />
        </Form.Item>
        {kind === 'unit' ? (
          <>
            <Form.Item label="单位名称 Unit name" name="unitName" rules={required('单位名称', 'the unit name')}><Input /></Form.Item>
            <Form.Item label="联系人 Contact name" name="contactName" rules={required('联系人', 'a contact')}><Input /></Form.Item>
            <Form.Item label="联系电话 Contact phone" name="contactPhone" rules={required('联系电话', 'a phone')}><Input inputMode="tel" /></Form.Item>
          </>
        ) : (
          <>
            <Form.Item label="姓名 Name" name="name" rules={required('姓名', 'your name')}><Input /></Form.Item>
            <Form.Item label="工作单位 Employer" name="unit" rules={required('工作单位', 'your employer')}><Input /></Form.Item>
            <Form.Item label="联系电话 Phone" name="phone" rules={required('联系电话', 'a phone')}><Input inputMode="tel" /></Form.Item>
          </>
        )}
        <Form.Item label="事实 Facts" name="facts" rules={required('事实', 'the facts')}><Input.TextArea rows={4} /></Form.Item>
        <Form.Item label="理由 Reasons" name="reasons" rules={required('理由', 'the reasons')}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item label="证据材料 Evidence（可选 optional，每个 ≤ 5 MB）">
          <Upload fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} multiple maxCount={5}>
            <Button>选择文件 Choose files</Button>
          </Upload>
        </Form.Item>
        <ProblemAlert problem={submit.problem} />
        <Button type="primary" htmlType="submit" block loading={submit.busy} style={{ marginTop: 8 }}>提交异议 Submit objection</Button>
      </Form>
    </Card>
  );
}
