import { parseArgs } from 'node:util';
import { createBureauWithAdmin } from '../auth/accounts';
import { fail, withDatabase } from './database';

/**
 * Creates a bureau (tenant) and its first administrator, and prints the administrator's generated
 * password once. Bureaus are created here, by whoever runs the installation, never over HTTP.
 *
 *   npm run bureau:create -- --code yueqing --name 乐清市教育局 --admin yq-admin --admin-name 王科长 \
 *     [--department dudao=督导室 ...]
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      code: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'string' },
      'admin-name': { type: 'string' },
      department: { type: 'string', multiple: true },
    },
  });
  if (!values.code || !values.name || !values.admin || !values['admin-name']) {
    fail('usage: bureau:create -- --code <code> --name <name> --admin <username> --admin-name <display name> [--department code=name ...]');
  }
  const departments = (values.department ?? []).map((d) => {
    const [code, ...rest] = d.split('=');
    if (!code || rest.length === 0) fail(`--department must be code=name, not ${d}`);
    return { code, name: rest.join('=') };
  });
  const made = await withDatabase((pool) =>
    createBureauWithAdmin(pool, { code: values.code!, name: values.name!, departments, admin: { username: values.admin!, displayName: values['admin-name']! } }, { actor: 'operator (bureau:create)' }),
  );
  process.stdout.write(
    [
      `bureau   ${made.bureau.name} (${made.bureau.code}) id ${made.bureau.id}`,
      `admin    ${made.admin.account.username}`,
      `password ${made.admin.initialPassword}`,
      'The password is shown this once and stored only as a hash. The administrator should change it after signing in (POST /auth/password).',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
