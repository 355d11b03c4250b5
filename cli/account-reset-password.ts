import { withTransaction } from '../db/pool';
import { generatePassword, hashPassword } from '../auth/credentials';
import { getAccountByUsername, updateAccount } from '../db/repositories/accounts.repository';
import { appendAuditEvent } from '../db/repositories/audit.repository';
import { revokeSessions } from '../db/repositories/tokens.repository';
import { fail, withDatabase } from './database';

/**
 * Gives an account a new generated password (printed once), unlocks it and ends its sessions: for
 * an operator when a bureau's only administrator is locked out or lost the demo's printed password.
 *
 *   npm run account:reset-password -- <username>
 */
async function main(): Promise<void> {
  const username = process.argv[2]?.trim().toLowerCase();
  if (!username) fail('usage: account:reset-password -- <username>');
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await withDatabase(async (pool) => {
    const account = await getAccountByUsername(pool, username);
    if (!account) fail(`no account ${username}`);
    await withTransaction(pool, async (tx) => {
      await updateAccount(tx, account.id, { passwordHash, unlock: true });
      const ended = await revokeSessions(tx, account.id);
      await appendAuditEvent(tx, { bureauId: account.bureau_id, actor: 'operator (account:reset-password)', action: 'account.password_reset', subject: `account:${account.id}`, after: { sessionsEnded: ended, unlocked: true }, idempotencyKey: `account:${account.id}:reset:${Date.now()}:${password.slice(0, 4)}` });
    });
  });
  process.stdout.write(`account  ${username}\npassword ${password}\n(shown this once)\n`);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
