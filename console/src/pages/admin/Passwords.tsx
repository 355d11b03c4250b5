import { Alert, App, Button, Modal, Table, Typography } from 'antd';

export interface Issued {
  username: string;
  displayName: string;
  initialPassword: string;
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Passwords the API generated: shown this once, with copy buttons; they cannot be seen again. */
export function PasswordsOnce({ issued, title, onClose }: { issued: Issued[]; title: string; onClose: () => void }) {
  const { message } = App.useApp();
  const copyText = async (text: string) => {
    if (await copy(text)) void message.success('已复制 / Copied');
    else void message.error('无法访问剪贴板，请手动选择复制 / Clipboard not available: select and copy by hand');
  };
  const all = issued.map((i) => `${i.displayName}\t${i.username}\t${i.initialPassword}`).join('\n');
  return (
    <Modal open title={title} onCancel={onClose} width={640} mask={{ closable: false }} footer={[
      issued.length > 1 && <Button key="all" onClick={() => void copyText(all)}>复制全部 Copy all</Button>,
      <Button key="ok" type="primary" onClick={onClose}>我已记下 Done</Button>,
    ]}>
      <Alert type="warning" showIcon title="密码只显示这一次，请立即复制并安全地交给本人；本人首次登录后应修改密码。/ Shown only once: copy it now and hand it over safely." style={{ marginBottom: 12 }} />
      <Table
        rowKey="username"
        size="small"
        pagination={issued.length > 20 ? { pageSize: 20 } : false}
        dataSource={issued}
        scroll={{ x: 500 }}
        columns={[
          { title: '姓名 Name', dataIndex: 'displayName' },
          { title: '用户名 Username', dataIndex: 'username' },
          { title: '初始密码 Password', dataIndex: 'initialPassword', render: (p: string) => <Typography.Text code data-testid="initial-password">{p}</Typography.Text> },
          { title: '', render: (_: unknown, i: Issued) => <Button size="small" onClick={() => void copyText(i.initialPassword)}>复制密码 Copy password</Button> },
        ]}
      />
    </Modal>
  );
}
