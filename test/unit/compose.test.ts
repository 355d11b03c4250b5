import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig, projectRoot } from '../../config';

/** docker-compose.yml must describe the real services and configure ours with valid settings. */
describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { environment?: Record<string, string>; command?: string[] }>;
  };
  const withDefaults = (v: string) => v.replace(/\$\{(\w+):-([^}]*)\}/g, (_m, _k, d: string) => d);

  it('has PostgreSQL, Temporal on it, the Temporal UI, the migration, the worker and the API', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    expect(compose.services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
  });

  it.each(['api', 'worker', 'migrate'])('configures %s with settings the config schema accepts, on compiled entry points', (name) => {
    const service = compose.services[name]!;
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, withDefaults(String(v))]));
    expect(() => loadConfig(env)).not.toThrow();
    // Every service reaches the database as the application's own login; only the migration
    // also holds the owner's credentials (it creates that login).
    expect(env.APP_DATABASE_URL).toMatch(/^postgres:\/\/campaigns_app_login:.+@postgres:5432\/campaigns$/);
    if (name === 'migrate') expect(env.DATABASE_URL).toMatch(/^postgres:\/\/campaigns:.+@postgres:5432\/campaigns$/);
    else expect(env.DATABASE_URL).toBeUndefined();
    const entry = service.command![1]!.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(fs.existsSync(path.join(projectRoot, entry))).toBe(true);
  });
});
