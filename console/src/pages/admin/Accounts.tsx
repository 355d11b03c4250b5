import { Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api';
import { ProblemAlert, useAction } from '../../errors';
import { beijing } from '../../format';
import { useMe, type Role } from '../../me';
import { useLoad } from '../readiness/useLoad';
import type { Department, School } from '../readiness/types';
import { BadCells, ExcelButtons, useExcelSheet } from '../../shared/ExcelUpload';
import { roleLabels, roles } from '../../../../domain/access';
import { PasswordsOnce, type Issued } from './Passwords';

interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  schoolId: string | null;
  email: string | null;
  phone: string | null;
  locked: boolean;
  lockedUntil: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  roleLabel?: { zh: string; en: string };
}

/** The roles with their names as domain/access.ts gives them ("教育局管理员 Bureau administrator"). */
const roleOptions: { value: Role; label: string }[] = roles.map((r) => ({ value: r, label: `${roleLabels[r].zh} ${roleLabels[r].en}` }));

/** The bureau's accounts: create, import from Excel, disable/enable, unlock, reset a password. */
export function Accounts() {
  const me = useMe();
  const { bureauId } = me;
  const accounts = useLoad(async () => (await ok(api.GET('/bureaus/{bureauId}/accounts', { params: { path: { bureauId } } }))) as unknown as Account[], bureauId);
  const departments = useLoad(async () => (await ok(api.GET('/bureaus/{bureauId}/departments', { params: { path: { bureauId } } }))) as unknown as Department[], bureauId);
  const schools = useLoad(async () => (await ok(api.GET('/bureaus/{bureauId}/schools', { params: { path: { bureauId } } }))) as unknown as School[], bureauId);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<{ title: string; rows: Issued[] } | null>(null);
  const [search, setSearch] = useState('');
  const reload = () => void accounts.reload();

  const patch = useAction(async (a: Account, body: { disabled?: boolean; unlock?: true }) => {
    await ok(api.PATCH('/accounts/{accountId}', { params: { path: { accountId: a.id } }, body }));
    reload();
  }, { success: '已更新 / Updated' });
  const reset = useAction(async (a: Account) => {
    const r = (await ok(api.POST('/accounts/{accountId}/password-reset', { params: { path: { accountId: a.id } }, body: {} }))) as unknown as Issued;
    setIssued({ title: `${a.displayName} 的新密码 New password`, rows: [r] });
    reload();
  });

  if (me.role !== 'bureau_admin') return <Card><Typography.Paragraph>仅教育局管理员可管理账号 / Only bureau administrators manage accounts.</Typography.Paragraph></Card>;
  const where = (a: Account) => departments.data?.find((d) => d.id === a.departmentId)?.name ?? schools.data?.find((s) => s.id === a.schoolId)?.name ?? '—';
  const q = search.trim().toLowerCase();
  const rows = (accounts.data ?? []).filter((a) => !q || a.username.includes(q) || a.displayName.toLowerCase().includes(q) || where(a).toLowerCase().includes(q));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={<Typography.Title level={3} style={{ margin: 0 }}>账号管理 Accounts</Typography.Title>}
        extra={<Button type="primary" onClick={() => setCreating(true)}>新建账号 New account</Button>}
      >
        <Input.Search aria-label="搜索账号 Search accounts" placeholder="按用户名、姓名、科室或学校搜索 / Search" allowClear onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 360, marginBottom: 12 }} />
        <ProblemAlert problem={accounts.problem} />
        <Table
          rowKey="id"
          size="small"
          loading={accounts.loading}
          dataSource={rows}
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description="暂无账号 / No accounts" /> }}
          columns={[
            { title: '姓名 Name', dataIndex: 'displayName', width: 160 },
            { title: '用户名 Username', dataIndex: 'username', width: 140 },
            { title: '角色 Role', dataIndex: 'role', width: 150, render: (r: Role, a) => a.roleLabel?.zh ?? roleOptions.find((o) => o.value === r)?.label, filters: roleOptions.map((o) => ({ value: o.value, text: o.label })), onFilter: (v, a) => a.role === v },
            { title: '科室/学校 Department / school', width: 160, render: (_: unknown, a: Account) => where(a) },
            {
              title: '状态 Status',
              width: 170,
              render: (_: unknown, a: Account) => (
                <Space size={4} wrap>
                  {a.disabled ? <Tag color="default">已停用 Disabled</Tag> : <Tag color="success">正常 Active</Tag>}
                  {a.locked && <Tag color="error">已锁定 Locked（至 {beijing(a.lockedUntil)}）</Tag>}
                </Space>
              ),
            },
            { title: '最近登录 Last sign-in', dataIndex: 'lastLoginAt', width: 150, render: (t: string | null) => beijing(t) },
            {
              title: '操作 Actions',
              width: 300,
              render: (_: unknown, a: Account) => (
                <Space size={4} wrap>
                  {a.disabled ? (
                    <Button size="small" onClick={() => void patch.run(a, { disabled: false })}>启用 Enable</Button>
                  ) : (
                    a.id !== me.accountId && (
                      <Popconfirm title={`停用 ${a.displayName}？其所有会话和令牌将失效。Disable? Its sessions and tokens end.`} okText="停用 Disable" cancelText="取消 Cancel" onConfirm={() => void patch.run(a, { disabled: true })}>
                        <Button size="small" danger>停用 Disable</Button>
                      </Popconfirm>
                    )
                  )}
                  {a.locked && <Button size="small" onClick={() => void patch.run(a, { unlock: true })}>解锁 Unlock</Button>}
                  <Popconfirm title={`为 ${a.displayName} 重置密码？其会话和令牌将失效。Reset the password?`} okText="重置 Reset" cancelText="取消 Cancel" onConfirm={() => void reset.run(a)}>
                    <Button size="small">重置密码 Reset password</Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ImportAccounts bureauId={bureauId} onImported={(rows) => { setIssued({ title: `已导入 ${rows.length} 个账号 Imported accounts`, rows }); reload(); }} />
      {creating && (
        <CreateAccount
          bureauId={bureauId}
          departments={departments.data ?? []}
          schools={schools.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={(r) => { setCreating(false); setIssued({ title: `账号已建立：${r.displayName} Account created`, rows: [r] }); reload(); }}
        />
      )}
      {issued && <PasswordsOnce issued={issued.rows} title={issued.title} onClose={() => setIssued(null)} />}
    </Space>
  );
}

interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  departmentId?: string;
  schoolId?: string;
  email?: string;
  phone?: string;
}

function CreateAccount({ bureauId, departments, schools, onClose, onCreated }: { bureauId: string; departments: Department[]; schools: School[]; onClose: () => void; onCreated: (r: Issued) => void }) {
  const [form] = Form.useForm<NewAccount>();
  const role = Form.useWatch('role', form);
  const { run, busy, problem } = useAction(async (v: NewAccount) => {
    const body = { ...v, email: v.email || undefined, phone: v.phone || undefined, departmentId: v.role === 'department_staff' ? v.departmentId : undefined, schoolId: v.role === 'school' || v.role === 'reviewer' ? v.schoolId : undefined };
    onCreated((await ok(api.POST('/bureaus/{bureauId}/accounts', { params: { path: { bureauId } }, body }))) as unknown as Issued);
  }, { form });
  return (
    <Modal open title="新建账号 New account" onCancel={onClose} okText="建立 Create" cancelText="取消 Cancel" confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={{ role: 'department_staff' }}>
        <Form.Item label="用户名 Username" name="username" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: '3–64 位小写字母、数字、点、下划线或连字符 / 3–64 lower-case letters, digits, . _ -' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="姓名 Name" name="displayName" rules={[{ required: true, whitespace: true, message: '请填写姓名 / enter the name' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="角色 Role" name="role" rules={[{ required: true }]}>
          <Select options={roleOptions} />
        </Form.Item>
        {role === 'department_staff' && (
          <Form.Item label="科室 Department" name="departmentId" rules={[{ required: true, message: '请选择科室 / choose a department' }]}>
            <Select options={departments.map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        )}
        {(role === 'school' || role === 'reviewer') && (
          <Form.Item label={role === 'school' ? '学校 School' : '任职学校（用于回避，可选）School worked at (for recusal, optional)'} name="schoolId" rules={role === 'school' ? [{ required: true, message: '请选择学校 / choose a school' }] : []}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={schools.map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))} />
          </Form.Item>
        )}
        <Form.Item label="邮箱（可选）Email (optional)" name="email" rules={[{ type: 'email', message: '邮箱格式不对 / not an e-mail address' }]}>
          <Input type="email" />
        </Form.Item>
        <Form.Item label="手机（可选）Phone (optional)" name="phone">
          <Input type="tel" />
        </Form.Item>
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}

/** Import from the Excel template: all rows or none; every bad cell listed; passwords shown once. */
function ImportAccounts({ bureauId, onImported }: { bureauId: string; onImported: (rows: Issued[]) => void }) {
  const sheet = useExcelSheet<{ created: Issued[] }>({
    template: { url: `/bureaus/${bureauId}/accounts/import-template`, filename: '账号导入模板.xlsx' },
    upload: { url: `/bureaus/${bureauId}/accounts/import`, failed: { zh: '导入失败', en: 'Import failed' }, onDone: (answer) => onImported(answer.created ?? []) },
  });
  return (
    <Card size="small" title="从 Excel 导入账号 Import accounts from Excel">
      <Typography.Paragraph type="secondary">
        下载模板，按行填写（科室、学校填代码，见模板第二个工作表），一次最多 500 个。有任何错误则一个也不建立，并列出所有有误的单元格。
        <br />Fill in the template (codes as listed on its second sheet), at most 500 rows. Any error and nothing is created; every bad cell is listed.
      </Typography.Paragraph>
      <ExcelButtons sheet={sheet} templateText="下载导入模板 Download import template" uploadText="导入 Excel Import" />
      <BadCells cells={sheet.badCells} placeWidth={360} title={(n) => `共 ${n} 处有误，未建立任何账号 / ${n} problem(s); nothing was created`} />
    </Card>
  );
}
