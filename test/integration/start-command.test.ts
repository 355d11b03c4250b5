import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config';
import { portOpen, stackEntry as entry, stackEnv, startStack as start, stopStack as stop, waitForOutput } from '../helpers/stack';

/**
 * The README's start command on embedded defaults: it must bring up PostgreSQL, Temporal, the
 * worker and the API, load the demo, stop cleanly, and find its campaign again on the next start.
 * Runs the compiled stack (scripts/test.sh builds it first).
 */
const dataDir = path.join(projectRoot, '.data', `test-stack-${process.pid}`);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('starts the whole stack with the demo loaded, stops cleanly and keeps the campaign across restarts', async () => {
  expect(fs.existsSync(entry)).toBe(true);
  const env = await stackEnv(dataDir);

  const first = start(env);
  // The whole summary is printed (its last line) before anything in it is read.
  await waitForOutput(first, /Press Ctrl-C to stop/);
  const [, url] = first.output().match(/demo campaign\s+(\S+) \(created now\)/) ?? [];
  expect(url).toBeDefined();
  expect(first.output()).toMatch(/API docs\s+http:\/\/127\.0\.0\.1:\d+\/docs/);
  const [, consoleUrl] = first.output().match(/web console\s+(\S+)/) ?? [];
  const page = await fetch(consoleUrl!);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  expect(html).toContain('<div id="root">');
  // Its script is served pre-compressed to a browser that accepts it.
  const script = await fetch(new URL(html.match(/src="([^"]+\.js)"/)![1]!, consoleUrl), { headers: { 'accept-encoding': 'br, gzip' } });
  expect([script.status, script.headers.get('content-encoding')]).toEqual([200, 'br']);
  expect(first.output()).toMatch(/Temporal UI\s+http:\/\/127\.0\.0\.1:\d+/);
  // The demo's accounts get generated passwords, printed this once; the administrator's works.
  const [, adminPassword] = first.output().match(/yq-admin\s+.*password (\S+)/) ?? [];
  expect(adminPassword).toMatch(/^\w{4}-\w{4}-\w{4}$/);
  for (const user of ['yq-dudao', 'yq-reviewer', 'yq-reviewer2', 'yq-reviewer5', 'yq-school-dj01']) expect(first.output()).toMatch(new RegExp(`${user}\\s+.*password \\S+`));
  const apiBase = new URL(url!).origin;
  const login = await fetch(`${apiBase}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'yq-admin', password: adminPassword }) });
  expect(login.status).toBe(200);
  const auth = { authorization: `Bearer ${((await login.json()) as any).token}` };
  expect((await fetch(url!)).status).toBe(401);
  const campaign = (await (await fetch(url!, { headers: auth })).json()) as any;
  expect(campaign.schools).toHaveLength(16);
  // The demo's audit chain verifies, and the demo reviewer sees only the three assigned schools.
  const verified = (await (await fetch(`${url}/audit/verify`, { headers: auth })).json()) as any;
  expect(verified).toMatchObject({ ok: true, firstBroken: null });
  expect(verified.events).toBeGreaterThanOrEqual(2); // created, reviewer assigned (the workflow adds more as it runs)
  const [, reviewerPassword] = first.output().match(/yq-reviewer\s+.*password (\S+)/) ?? [];
  const reviewerLogin = (await (await fetch(`${apiBase}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'yq-reviewer', password: reviewerPassword }) })).json()) as any;
  const seen = (await (await fetch(url!, { headers: { authorization: `Bearer ${reviewerLogin.token}` } })).json()) as any;
  expect(seen.schools.map((s: { code: string }) => s.code).sort()).toEqual(['CQ-01', 'HQ-02', 'HQ-03']);
  // The demo county's 优质均衡 readiness, loaded through the bureau's Excel template: which
  // sections fail which indicator, a verified plan to pass, the Excel and PDF report, the checklist.
  const county = `${apiBase}/bureaus/${campaign.bureauId}/balance/2025-2026`;
  const standing = (await (await fetch(county, { headers: auth })).json()) as any;
  expect(standing.summary).toMatchObject({ sections: 16, passing: 13, ready: false });
  expect(standing.schools.filter((s: { passes: boolean }) => !s.passes).map((s: { name: string }) => s.name).sort()).toEqual(['城东二小', '大荆三中', '清江一小'].sort());
  const plan = (await (await fetch(`${county}/plan`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' })).json()) as any;
  expect(plan.verified).toEqual({ everySchoolPasses: true, everyCoefficientUnderLimit: true });
  expect(plan.totalCost).toBeGreaterThan(0);
  const xlsx = await fetch(`${county}/report.xlsx`, { headers: auth });
  expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  const pdf = await fetch(`${county}/report.pdf`, { headers: auth });
  expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  const checklist = (await (await fetch(`${county}/checklist`, { headers: auth })).json()) as any;
  expect(checklist.items).toHaveLength(31);
  expect(checklist.items.find((i: { code: string }) => i.code === 'S01').leadDepartment.name).toBe('督导室');
  // With no mail server configured, the demo's messages land in its inbox folder: e-mail and
  // every robot and webhook channel (its test message goes out through the outbox dispatcher).
  expect(first.output()).toMatch(/demo inbox\s+\S+demo-inbox/);
  const inbox = path.join(dataDir, 'demo-inbox');
  const files = () => [...(fs.existsSync(path.join(inbox, 'mail')) ? fs.readdirSync(path.join(inbox, 'mail')) : []), ...(fs.existsSync(path.join(inbox, 'robots')) ? fs.readdirSync(path.join(inbox, 'robots')) : [])];
  const end = Date.now() + 30_000;
  while (Date.now() < end && !['.eml', '-wecom.json', '-dingtalk.json', '-webhook.json'].every((s) => files().some((f) => f.endsWith(s)))) await new Promise((r) => setTimeout(r, 250));
  expect(['.eml', '-wecom.json', '-dingtalk.json', '-webhook.json'].filter((s) => !files().some((f) => f.endsWith(s)))).toEqual([]);
  const ding = JSON.parse(fs.readFileSync(path.join(inbox, 'robots', files().find((f) => f.endsWith('-dingtalk.json'))!), 'utf8'));
  expect(ding.url).toMatch(/timestamp=\d+&sign=/);
  expect(campaign.workflow.status).toBe('RUNNING');
  expect(await stop(first)).toBe(0);

  const second = start(env);
  await waitForOutput(second, /Press Ctrl-C to stop/);
  const [, again] = second.output().match(/demo campaign\s+(\S+)\n/) ?? [];
  expect(again).toBe(url);
  // No password is printed again: they exist only as hashes now.
  expect(second.output()).not.toMatch(/password \S+-\S+/);
  expect(second.output()).toMatch(/yq-admin/);
  const resumed = (await (await fetch(again!, { headers: auth })).json()) as any;
  expect(resumed.workflow.status).toBe('RUNNING');
  expect(resumed.workflow.progress.currentPhase).toBe('seed_selection');
  expect(await stop(second)).toBe(0);
  // Nothing of the stack is left running: API, PostgreSQL and Temporal ports are all closed.
  for (const port of [env.API_PORT, env.EMBEDDED_PG_PORT, env.TEMPORAL_DEV_PORT]) expect(await portOpen(port)).toBe(false);
}, 180_000);
