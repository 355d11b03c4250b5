import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';

/**
 * The ways a message leaves: e-mail over SMTP, 企业微信 and 钉钉 group robots, and a generic
 * webhook signed with HMAC. Each send either resolves (accepted) or throws with the reason.
 */

export interface OutMessage {
  id: string;
  subject: string;
  body: string;
  link: string | null;
}

const TIMEOUT_MS = 10_000;

export function emailSender(smtpUrl: string | undefined, from: string) {
  let transport: Transporter | undefined;
  return async (to: string, m: OutMessage): Promise<void> => {
    if (!smtpUrl) throw new Error('no SMTP server configured (SMTP_URL)');
    const url = new URL(smtpUrl);
    url.searchParams.set('connectionTimeout', String(TIMEOUT_MS));
    url.searchParams.set('socketTimeout', String(TIMEOUT_MS));
    transport ??= nodemailer.createTransport(url.toString());
    // The outbox id is the Message-ID: a message re-sent after a crash can be recognised as the same.
    await transport.sendMail({ from, to, subject: m.subject, text: m.body, messageId: `<${m.id}@campaign-engine>` });
  };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Several messages in one robot post: how the per-minute limit is kept without dropping any. */
export function robotMarkdown(messages: OutMessage[]): { title: string; text: string } {
  const title = messages.length === 1 ? messages[0]!.subject : `${messages.length} 条提醒 / reminders`;
  const text = messages.map((m) => `#### ${m.subject}\n${m.body.split('\n\n')[0]}${m.link ? `\n[办理 / open](${m.link})` : ''}`).join('\n\n---\n\n');
  return { title, text };
}

function robotOk(reply: unknown): void {
  const r = reply as { errcode?: number; errmsg?: string };
  if (typeof r === 'object' && r && r.errcode !== undefined && r.errcode !== 0) throw new Error(`robot refused: ${r.errcode} ${r.errmsg ?? ''}`);
}

export async function sendWecom(url: string, messages: OutMessage[]): Promise<void> {
  const { text } = robotMarkdown(messages);
  robotOk(await postJson(url, { msgtype: 'markdown', markdown: { content: text } }));
}

/** 钉钉's signed request: timestamp + "\n" + secret, HMAC-SHA256 with the secret, base64, in the URL. */
export function dingtalkSignedUrl(url: string, secret: string, timestamp = Date.now()): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
}

export async function sendDingtalk(url: string, secret: string, messages: OutMessage[]): Promise<void> {
  robotOk(await postJson(dingtalkSignedUrl(url, secret), { msgtype: 'markdown', markdown: robotMarkdown(messages) }));
}

/** The generic webhook: the receiver checks sha256=HMAC(secret, timestamp + "." + body). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function sendWebhook(url: string, secret: string, m: OutMessage): Promise<void> {
  const body = JSON.stringify({ id: m.id, subject: m.subject, body: m.body, link: m.link });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-campaigns-timestamp': timestamp, 'x-campaigns-signature': webhookSignature(secret, timestamp, body), 'x-campaigns-delivery': m.id },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}
