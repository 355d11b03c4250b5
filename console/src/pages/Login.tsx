import { Button, Card, Form, Input, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, ok, session } from '../api';
import { ProblemAlert, useAction } from '../errors';

interface LoginAnswer {
  token: string;
}

/** Sign in with the username and password the bureau gave (the start command prints the demo's). */
export function Login() {
  const [form] = Form.useForm<{ username: string; password: string }>();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/campaigns';
  const { run, busy, problem } = useAction(async (v: { username: string; password: string }) => {
    const answer = (await ok(api.POST('/auth/login', { body: v }))) as unknown as LoginAnswer;
    session.set(answer.token);
    void navigate(from === '/login' ? '/campaigns' : from, { replace: true });
  }, { form });
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={3}>创建活动管理平台</Typography.Title>
        <Typography.Paragraph type="secondary">School-quality campaigns · 请使用教育局分配的账号登录 / sign in with the account your bureau gave you</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void run(v)} requiredMark={false}>
          <Form.Item label="用户名 Username" name="username" rules={[{ required: true, message: '请输入用户名 / enter your username' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码 Password" name="password" rules={[{ required: true, message: '请输入密码 / enter your password' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <ProblemAlert problem={problem} />
          <Button type="primary" htmlType="submit" block loading={busy} style={{ marginTop: 12 }}>
            登录 Sign in
          </Button>
        </Form>
      </Card>
    </div>
  );
}
