import { demoBureau, demoCampaign, demoSchools } from '../demo/yueqing';

interface Json {
  [k: string]: unknown;
}

async function call(base: string, method: string, url: string, body?: unknown): Promise<Json | Json[]> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text}`);
  return JSON.parse(text) as Json | Json[];
}

/**
 * Loads the demo through the public API, exactly as a bureau would, once: the Yueqing bureau with
 * its 16 schools and a running campaign on the seed 001 template. Later starts find it and reuse it.
 */
export async function loadDemo(apiBase: string): Promise<{ bureauId: string; campaignId: string; created: boolean }> {
  const bureaus = (await call(apiBase, 'GET', '/bureaus')) as Json[];
  let bureau = bureaus.find((b) => b.code === demoBureau.code);
  let created = false;
  if (!bureau) {
    bureau = (await call(apiBase, 'POST', '/bureaus', demoBureau)) as Json;
    created = true;
  }
  const bureauId = String(bureau.id);
  const campaigns = (await call(apiBase, 'GET', `/bureaus/${bureauId}/campaigns`)) as Json[];
  let campaign = campaigns.find((c) => c.name === demoCampaign.name);
  if (!campaign) {
    campaign = (await call(apiBase, 'POST', `/bureaus/${bureauId}/campaigns`, { ...demoCampaign, schools: demoSchools })) as Json;
    created = true;
  }
  const campaignId = String(campaign.id);
  await call(apiBase, 'POST', `/campaigns/${campaignId}/start`);
  return { bureauId, campaignId, created };
}
