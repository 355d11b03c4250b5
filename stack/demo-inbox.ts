import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * The demo's stand-in for a mail server and for 企业微信 / 钉钉 / webhook receivers: what the
 * demo bureau's reminders send lands as files in one folder, so a newcomer sees every channel
 * work without configuring any. Used only by the start command when SMTP_URL is unset.
 */
export interface DemoInbox {
  dir: string;
  smtpUrl: string;
  httpBase: string;
  close(): Promise<void>;
}

export async function startDemoInbox(opts: { dir: string; smtpPort: number; httpPort: number }): Promise<DemoInbox> {
  fs.mkdirSync(path.join(opts.dir, 'mail'), { recursive: true });
  fs.mkdirSync(path.join(opts.dir, 'robots'), { recursive: true });
  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join('_').replace(/[^\w@.-]/g, '');
        fs.writeFileSync(path.join(opts.dir, 'mail', `${stamp()}-${to}.eml`), Buffer.concat(chunks));
        done();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.on('error', reject);
    smtp.listen(opts.smtpPort, '127.0.0.1', resolve);
  });
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const kind = new URL(req.url ?? '/', 'http://x').pathname.replace(/[^a-z]/g, '') || 'unknown';
      fs.writeFileSync(path.join(opts.dir, 'robots', `${stamp()}-${kind}.json`), JSON.stringify({ url: req.url, headers: req.headers, body: safeJson(body) }, null, 2));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    receiver.once('error', reject);
    receiver.listen(opts.httpPort, '127.0.0.1', resolve);
  });
  return {
    dir: opts.dir,
    smtpUrl: `smtp://127.0.0.1:${opts.smtpPort}`,
    httpBase: `http://127.0.0.1:${opts.httpPort}`,
    close: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => receiver.close(() => r()));
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
