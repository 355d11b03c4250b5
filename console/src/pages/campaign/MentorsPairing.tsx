import { Alert, Button, Card, Descriptions, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing } from '../../format';
import { useMe } from '../../me';
import { useLoad } from '../readiness/useLoad';
import type { ProposedPair } from '../../../../domain/pairing';
import type { Evaluation } from './MentorsEvaluate';
import type { CampaignDetail } from './types';

/** A pair as the engine explains it (domain/pairing.ts); versions store and answer it as is. */
type Pair = ProposedPair;
type PairRef = Pick<ProposedPair, 'potentialId' | 'mentorId'>;
interface Version {
  version: number;
  kind: 'proposed' | 'edited';
  totalCost: number;
  contentHash: string;
  reason: string | null;
  createdAt: string;
  approved: boolean;
  pins: PairRef[];
  forbids: PairRef[];
  pairs: Pair[];
}
interface Pairing {
  objective: { zh: string; en: string };
  approvedVersion: number | null;
  versions?: Version[];
}

/** 1+X pairing: versions, each pair explained; the admin proposes (with pins and forbids), moves schools with a reason, approves. */
export function MentorsPairing({ campaign, evaluations }: { campaign: CampaignDetail; evaluations: Evaluation[] }) {
  const me = useMe();
  const isAdmin = me.role === 'bureau_admin';
  const campaignId = campaign.id;
  const [tick, setTick] = useState(0);
  const pairing = useLoad(async () => (await ok(api.GET('/campaigns/{campaignId}/pairing', { params: { path: { campaignId } } }))) as unknown as Pairing, `${campaignId}|${tick}`);
  // The published mentor list (null before mentor selection is approved) says who mentors.
  const mentorList = useLoad(async () => (await ok(api.GET('/campaigns/{campaignId}/mentor-list', { params: { path: { campaignId } } }))) as unknown as { items: { schoolId: string }[] } | null, campaignId);
  const versions = useMemo(() => [...(pairing.data?.versions ?? [])].sort((a, b) => b.version - a.version), [pairing.data]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [moving, setMoving] = useState<Pair | null>(null);
  const current = versions.find((v) => v.version === chosen) ?? versions[0];
  const changed = (v?: number) => {
    setChosen(v ?? null);
    setTick((t) => t + 1);
  };
  const name = (id: string) => campaign.schools.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const seedIds = new Set(evaluations.map((e) => e.schoolId));
  const listed = mentorList.data?.items.map((m) => m.schoolId);
  const mentorIds = [...new Set([...(listed ?? evaluations.filter((e) => e.verdict?.mentor).map((e) => e.schoolId)), ...(current?.pairs.map((p) => p.mentorId) ?? [])])];
  const potentials = campaign.schools.filter((s) => !seedIds.has(s.id));
  const approved = pairing.data?.approvedVersion ?? null;
  const approve = useAction(async (version: number) => {
    await ok(api.POST('/campaigns/{campaignId}/pairing/approve', { params: { path: { campaignId } }, body: { version } }));
    changed(version);
  }, { success: '配对已审批 / Pairing approved' });

  return (
    <Card size="small" title={<Typography.Title level={4} style={{ margin: 0 }}>结对（1+X）Pairing</Typography.Title>}>
      {pairing.data && <Typography.Paragraph type="secondary">目标 Objective：{pairing.data.objective.zh}<br />{pairing.data.objective.en}</Typography.Paragraph>}
      <ProblemAlert problem={pairing.problem} />
      {isAdmin && approved === null && <ProposalForm campaignId={campaignId} potentials={potentials.map((s) => ({ id: s.id, name: s.name }))} mentors={mentorIds.map((id) => ({ id, name: name(id) }))} onDone={changed} />}
      {approved !== null && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={`第 ${approved} 版配对已审批通过 / Version ${approved} is approved`} />}
      {pairing.loading && !pairing.data ? null : versions.length === 0 ? (
        <Empty description="尚无配对方案 / No pairing proposed yet" />
      ) : (
        <>
          <Space wrap style={{ margin: '12px 0' }}>
            <label htmlFor="pairing-version">版本 Version</label>
            <Select
              id="pairing-version"
              style={{ minWidth: 300 }}
              value={current?.version}
              onChange={setChosen}
              options={versions.map((v) => ({ value: v.version, label: `v${v.version} · ${v.kind === 'proposed' ? '系统方案 Proposed' : '调整 Edited'} · 代价 cost ${v.totalCost}${v.approved ? ' · 已审批 Approved' : ''}` }))}
            />
            {isAdmin && current && approved === null && (
              <Popconfirm title={`审批通过第 ${current.version} 版？审批后不能再改。Approve version ${current.version}? It cannot change afterwards.`} okText="审批 Approve" cancelText="取消 Cancel" onConfirm={() => void approve.run(current.version)}>
                <Button type="primary" loading={approve.busy}>审批第 {current.version} 版 Approve version {current.version}</Button>
              </Popconfirm>
            )}
          </Space>
          {current && <VersionView version={current} name={name} canMove={isAdmin && approved === null} onMove={setMoving} />}
        </>
      )}
      {moving && current && (
        <MoveModal campaignId={campaignId} basedOn={current.version} pair={moving} name={name} mentors={mentorIds} onClose={() => setMoving(null)} onDone={(v) => { setMoving(null); changed(v); }} />
      )}
    </Card>
  );
}

function VersionView({ version, name, canMove, onMove }: { version: Version; name: (id: string) => string; canMove: boolean; onMove: (p: Pair) => void }) {
  return (
    <>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="总代价 Total cost">{version.totalCost}</Descriptions.Item>
        <Descriptions.Item label="生成时间 Created">{beijing(version.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="状态 Status">{version.approved ? <Tag color="success">已审批 Approved</Tag> : <Tag>未审批 Not approved</Tag>}</Descriptions.Item>
        {version.reason && <Descriptions.Item label="调整理由 Reason" span={3}>{version.reason}</Descriptions.Item>}
        {(version.pins.length > 0 || version.forbids.length > 0) && (
          <Descriptions.Item label="固定/禁止 Pins / forbids" span={3}>
            {version.pins.map((p) => <Tag key={`p${p.potentialId}`} color="blue">固定 {name(p.potentialId)} → {name(p.mentorId)}</Tag>)}
            {version.forbids.map((p) => <Tag key={`f${p.potentialId}${p.mentorId}`} color="red">禁止 {name(p.potentialId)} ✗ {name(p.mentorId)}</Tag>)}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        rowKey="potentialId"
        size="small"
        dataSource={version.pairs}
        pagination={version.pairs.length > 50 ? { pageSize: 50 } : false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description="本版没有结对 / No pairs" /> }}
        columns={[
          { title: '潜力校 School', dataIndex: 'potentialId', width: 160, render: (id: string) => name(id) },
          { title: '导师校 Mentor', dataIndex: 'mentorId', width: 160, render: (id: string, p: Pair) => <>{name(id)} {p.pinned && <Tag color="blue">固定 Pinned</Tag>}</> },
          { title: '同学区 Same district', dataIndex: 'sameDistrict', width: 110, render: (s: boolean) => (s ? '是 Yes' : '否 No') },
          { title: '代价 Cost', dataIndex: 'cost', width: 80 },
          { title: '说明 Why', render: (_: unknown, p: Pair) => <>{p.explanation.zh}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.explanation.en}</Typography.Text></> },
          ...(canMove ? [{ title: '操作 Actions', width: 120, render: (_: unknown, p: Pair) => <Button size="small" onClick={() => onMove(p)}>调整 Move</Button> }] : []),
        ]}
      />
    </>
  );
}

interface ProposalValues {
  pins: PairRef[];
  forbids: PairRef[];
}

function PairList({ name, label, potentials, mentors }: { name: 'pins' | 'forbids'; label: string; potentials: { id: string; name: string }[]; mentors: { id: string; name: string }[] }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div style={{ marginBottom: 8 }}>
          <Typography.Text strong>{label}</Typography.Text>
          {fields.map((f) => (
            <Space key={f.key} wrap align="start" style={{ display: 'flex', marginTop: 4 }}>
              <Form.Item label="潜力校 School" name={[f.name, 'potentialId']} rules={[{ required: true, message: '请选择 / choose' }]} style={{ marginBottom: 0 }}>
                <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} options={potentials.map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
              <Form.Item label="导师校 Mentor" name={[f.name, 'mentorId']} rules={[{ required: true, message: '请选择 / choose' }]} style={{ marginBottom: 0 }}>
                <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} options={mentors.map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
              <Button danger size="small" style={{ marginTop: 30 }} onClick={() => remove(f.name)}>删除 Remove</Button>
            </Space>
          ))}
          <div><Button size="small" style={{ marginTop: 4 }} onClick={() => add()}>{name === 'pins' ? '添加固定 Add a pin' : '添加禁止 Add a forbid'}</Button></div>
        </div>
      )}
    </Form.List>
  );
}

function ProposalForm({ campaignId, potentials, mentors, onDone }: { campaignId: string; potentials: { id: string; name: string }[]; mentors: { id: string; name: string }[]; onDone: (v: number) => void }) {
  const [form] = Form.useForm<ProposalValues>();
  const { run, busy, problem } = useAction(async (v: ProposalValues) => {
    const r = (await ok(api.POST('/campaigns/{campaignId}/pairing/proposals', { params: { path: { campaignId } }, body: { pins: v.pins ?? [], forbids: v.forbids ?? [] } }))) as unknown as Version;
    onDone(r.version);
  }, { form, success: '已生成新的配对方案 / A new proposal is ready' });
  return (
    <Card size="small" type="inner" title="生成配对方案 Propose a pairing" style={{ marginBottom: 12 }}>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={{ pins: [], forbids: [] }}>
        <PairList name="pins" label="固定结对（必须这样配）Pins (must pair)" potentials={potentials} mentors={mentors} />
        <PairList name="forbids" label="禁止结对（不能这样配）Forbids (must not pair)" potentials={potentials} mentors={mentors} />
        <ProblemAlert problem={problem} />
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>生成配对方案 Propose pairing</Button>
      </Form>
    </Card>
  );
}

function MoveModal({ campaignId, basedOn, pair, name, mentors, onClose, onDone }: { campaignId: string; basedOn: number; pair: Pair; name: (id: string) => string; mentors: string[]; onClose: () => void; onDone: (v: number) => void }) {
  const [form] = Form.useForm<{ mentorId: string; reason: string }>();
  const { run, busy, problem } = useAction(async (v: { mentorId: string; reason: string }) => {
    const r = (await ok(api.POST('/campaigns/{campaignId}/pairing/edits', { params: { path: { campaignId } }, body: { basedOn, moves: [{ potentialId: pair.potentialId, mentorId: v.mentorId }], reason: v.reason } }))) as unknown as Version;
    onDone(r.version);
  }, { form, success: '已调整，生成新版本 / Moved: a new version' });
  return (
    <Modal open title={`调整 ${name(pair.potentialId)} 的导师校 Move to another mentor`} onCancel={onClose} okText="保存调整 Save" cancelText="取消 Cancel" confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph>当前导师校 Current mentor：{name(pair.mentorId)}（基于第 {basedOn} 版 based on v{basedOn}）</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)}>
        <Form.Item label="新导师校 New mentor" name="mentorId" rules={[{ required: true, message: '请选择 / choose one' }]}>
          <Select options={mentors.filter((id) => id !== pair.mentorId).map((id) => ({ value: id, label: name(id) }))} />
        </Form.Item>
        <Form.Item label="调整理由 Reason" name="reason" rules={[{ required: true, whitespace: true, message: '请写明理由 / give a reason' }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}
