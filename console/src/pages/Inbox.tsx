import { Badge, Button, Card, Empty, List, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ok } from '../api';
import { useAction, useProblem } from '../errors';
import { beijing } from '../format';

interface Message {
  id: string;
  kind: string;
  title: { zh: string; en: string };
  body: { text?: string; reason?: string; link?: string; [k: string]: unknown };
  createdAt: string;
  readAt: string | null;
}

/** The person's in-app messages: reminders, decisions, returned items; newest first. */
export function Inbox() {
  const show = useProblem();
  const [rows, setRows] = useState<Message[] | null>(null);
  const load = useCallback(async () => {
    try {
      setRows((await ok(api.GET('/auth/notifications'))) as unknown as Message[]);
    } catch (err) {
      show(err);
      setRows([]);
    }
  }, [show]);
  useEffect(() => void load(), [load]);
  const unread = (rows ?? []).filter((m) => !m.readAt).map((m) => m.id);
  const markRead = useAction(async () => {
    await ok(api.POST('/auth/notifications/read', { body: { ids: unread } }));
    await load();
  });
  return (
    <Card
      title={<Typography.Title level={3} style={{ margin: 0 }}>消息 Inbox {unread.length > 0 && <Badge count={unread.length} />}</Typography.Title>}
      extra={unread.length > 0 && <Button onClick={() => void markRead.run()} loading={markRead.busy}>全部标为已读 Mark all read</Button>}
    >
      <List
        loading={rows === null}
        dataSource={rows ?? []}
        locale={{ emptyText: <Empty description="暂无消息 / No messages" /> }}
        renderItem={(m) => (
          <List.Item>
            <List.Item.Meta
              title={<Space>{!m.readAt && <Badge status="processing" />}<span>{m.title.zh}</span><Typography.Text type="secondary">{m.title.en}</Typography.Text></Space>}
              description={
                <div style={{ whiteSpace: 'pre-wrap' }}>
                  <div>{beijing(m.createdAt)}</div>
                  {m.body.text && <div>{m.body.text}</div>}
                  {m.body.reason && <div>理由 Reason：{m.body.reason}</div>}
                </div>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
