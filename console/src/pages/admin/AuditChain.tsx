import { Alert, Button, Card, Descriptions, Empty, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ProblemAlert, useAction } from '../../errors';
import { beijing } from '../../format';
import { useLoad } from '../readiness/useLoad';

export interface AuditEvent {
  seq: number;
  id: string;
  occurredAt: string;
  actor: string;
  actorAccountId: string | null;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  contentHash: string | null;
  requestId: string | null;
  prevHash: string | null;
  hash: string;
}

export interface Verification {
  chain: string;
  ok: boolean;
  events: number;
  headSeq: number;
  headHash: string | null;
  summary: { zh: string; en: string };
  firstBroken: { seq: number; eventId: string | null; problem: string; explanation: { zh: string; en: string } } | null;
  contentHash?: { hash: string; found: boolean; events: AuditEvent[] };
}

const PAGE = 200;

/** An audit chain page by page (by sequence number), and its verification. */
export function AuditChain({ title, loadPage, verify, canLookUpHash }: { title: string; loadPage: (afterSeq: number, limit: number) => Promise<AuditEvent[]>; verify: (contentHash?: string) => Promise<Verification>; canLookUpHash?: boolean }) {
  const [starts, setStarts] = useState<number[]>([0]);
  const afterSeq = starts[starts.length - 1]!;
  const page = useLoad(() => loadPage(afterSeq, PAGE), String(afterSeq));
  const rows = page.data ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <VerifyCard verify={verify} canLookUpHash={canLookUpHash} />
      <Card size="small" title={title}>
        <ProblemAlert problem={page.problem} brief style={{ marginBottom: 12 }} />
        <Table
          rowKey="id"
          size="small"
          loading={page.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: <Empty description="暂无审计事件 / No audit events" /> }}
          expandable={{ expandedRowRender: (e) => <EventDetail event={e} /> }}
          columns={[
            { title: '序号 Seq', dataIndex: 'seq', width: 80 },
            { title: '时间 When', dataIndex: 'occurredAt', width: 150, render: (t: string) => beijing(t) },
            { title: '操作人 Actor', dataIndex: 'actor', width: 180 },
            { title: '操作 Action', dataIndex: 'action', width: 190, render: (a: string) => <Tag>{a}</Tag> },
            { title: '对象 Subject', dataIndex: 'subject', width: 220, render: (s: string) => <Typography.Text style={{ fontSize: 12 }}>{s}</Typography.Text> },
            { title: '理由 Reason', dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
            { title: '哈希 Hash', dataIndex: 'hash', width: 150, render: (h: string) => <Typography.Text code title={h} style={{ whiteSpace: 'nowrap' }}>{h.slice(0, 10)}…</Typography.Text> },
          ]}
        />
        <Space style={{ marginTop: 12 }} wrap>
          <Button disabled={starts.length <= 1 || page.loading} onClick={() => setStarts((s) => s.slice(0, -1))}>上一页 Previous</Button>
          <Button disabled={rows.length < PAGE || page.loading} onClick={() => setStarts((s) => [...s, rows[rows.length - 1]!.seq])}>下一页 Next</Button>
          <Typography.Text type="secondary">{rows.length > 0 ? `第 ${rows[0]!.seq}–${rows[rows.length - 1]!.seq} 条 Events ${rows[0]!.seq}–${rows[rows.length - 1]!.seq}` : ''}</Typography.Text>
        </Space>
      </Card>
    </Space>
  );
}

function EventDetail({ event }: { event: AuditEvent }) {
  const json = (x: unknown) => (x === null || x === undefined ? '—' : JSON.stringify(x, null, 2));
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label="变更前 Before"><pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{json(event.before)}</pre></Descriptions.Item>
      <Descriptions.Item label="变更后 After"><pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{json(event.after)}</pre></Descriptions.Item>
      {event.contentHash && <Descriptions.Item label="文件哈希 Content hash"><Typography.Text code copyable>{event.contentHash}</Typography.Text></Descriptions.Item>}
      <Descriptions.Item label="本条哈希 Hash"><Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{event.hash}</Typography.Text></Descriptions.Item>
      <Descriptions.Item label="前一条哈希 Previous hash"><Typography.Text code style={{ wordBreak: 'break-all' }}>{event.prevHash ?? '—'}</Typography.Text></Descriptions.Item>
      {event.requestId && <Descriptions.Item label="请求 Request">{event.requestId}</Descriptions.Item>}
    </Descriptions>
  );
}

function VerifyCard({ verify, canLookUpHash }: { verify: (contentHash?: string) => Promise<Verification>; canLookUpHash?: boolean }) {
  const [result, setResult] = useState<Verification | null>(null);
  const [hash, setHash] = useState('');
  const { run, busy } = useAction(async (h?: string) => setResult(await verify(h)));
  return (
    <Card size="small" title="完整性验证 Verify the chain">
      <Typography.Paragraph type="secondary">
        逐条重新计算哈希，检查是否有事件被修改、插入或删除。Recomputes every hash: finds any event changed, inserted or removed.
      </Typography.Paragraph>
      <Space wrap>
        <Button type="primary" loading={busy} onClick={() => void run(undefined)}>验证审计链 Verify the chain</Button>
        {canLookUpHash && (
          <Input.Search
            aria-label="按文件哈希查找 Look up a document hash"
            placeholder="公示文件上的 SHA-256 哈希 / SHA-256 printed on a notice"
            enterButton="查找 Look up"
            style={{ minWidth: 280, maxWidth: 560 }}
            value={hash}
            onChange={(e) => setHash(e.target.value.trim().toLowerCase())}
            onSearch={(h) => void run(h.trim().toLowerCase() || undefined)}
          />
        )}
      </Space>
      {result && (
        <div style={{ marginTop: 12 }}>
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            role={result.ok ? 'status' : 'alert'}
            title={result.ok ? '审计链完整 / The chain is intact' : '审计链已断裂 / The chain is broken'}
            description={<><div>{result.summary.zh}</div><Typography.Text type="secondary">{result.summary.en}</Typography.Text></>}
          />
          <Descriptions size="small" column={1} bordered style={{ marginTop: 8 }}>
            <Descriptions.Item label="事件数 Events">{result.events}</Descriptions.Item>
            <Descriptions.Item label="链头 Head">第 {result.headSeq} 条 · <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{result.headHash ?? '—'}</Typography.Text></Descriptions.Item>
            {result.firstBroken && (
              <Descriptions.Item label="首个断点 First broken link">
                第 {result.firstBroken.seq} 条 Event {result.firstBroken.seq}：{result.firstBroken.explanation.zh} / {result.firstBroken.explanation.en}
              </Descriptions.Item>
            )}
            {result.contentHash && (
              <Descriptions.Item label="文件哈希 Document hash">
                {result.contentHash.found ? (
                  <>
                    <Tag color="success">已找到 Found</Tag>
                    {result.contentHash.events.map((e) => <div key={e.id}>第 {e.seq} 条 · {beijing(e.occurredAt)} · {e.action} · {e.subject}</div>)}
                  </>
                ) : <Tag color="error">审计链中没有此哈希 Not in the chain</Tag>}
              </Descriptions.Item>
            )}
          </Descriptions>
        </div>
      )}
    </Card>
  );
}
