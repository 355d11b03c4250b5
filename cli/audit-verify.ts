import { parseArgs } from 'node:util';
import { listChains, verifyChain } from '../db/repositories/audit.repository';
import { fail, withDatabase } from './database';

/**
 * Verifies audit hash chains and reports each one's first broken link. Exit code 0 when every
 * chain is intact, 1 when any is broken.
 *
 *   npm run audit:verify                      every chain
 *   npm run audit:verify -- --bureau <id>     a bureau's chains (its own and its campaigns')
 *   npm run audit:verify -- --campaign <id>   one campaign's chain
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { bureau: { type: 'string' }, campaign: { type: 'string' } } });
  const broken = await withDatabase(async (pool) => {
    const chains = values.campaign ? [`campaign:${values.campaign}`] : await listChains(pool, values.bureau);
    let bad = 0;
    for (const chain of chains) {
      const v = await verifyChain(pool, chain);
      if (v.ok) {
        process.stdout.write(`ok      ${chain}  ${v.events} events  head ${v.headHash ?? '—'}\n`);
      } else {
        bad += 1;
        const b = v.firstBroken!;
        process.stdout.write(`BROKEN  ${chain}  first broken link at seq ${b.seq}${b.eventId ? ` (event id ${b.eventId})` : ''}: ${b.problem}\n`);
      }
    }
    if (chains.length === 0) process.stdout.write('no audit chains found\n');
    return bad;
  });
  process.exit(broken > 0 ? 1 : 0);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
