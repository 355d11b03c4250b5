import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords and tokens. Passwords: argon2id (the library's defaults: 19 MiB, 2 passes, the OWASP
 * baseline). Tokens: 32 random bytes; only their SHA-256 is stored, which is enough for a secret
 * of that strength and keeps the per-request lookup cheap.
 */

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

// A real hash of a random secret: checking an unknown username against it costs what a real check
// costs, so response times do not reveal which usernames exist.
let decoyHash: Promise<string> | undefined;
export async function spendPasswordCheck(password: string): Promise<void> {
  decoyHash ??= hash(randomBytes(16).toString('hex'));
  await verifyPassword(await decoyHash, password);
}

// No 0/O, 1/l/I: these passwords are read off a screen or a sheet and typed by hand.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A generated initial password, e.g. "k7Qm-x3Tz-9WfP" (about 70 bits). */
export function generatePassword(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group()].join('-');
}

/** Why a chosen password is not acceptable, or null. */
export function passwordProblem(password: string, username: string): { zh: string; en: string } | null {
  if (password.length < 10) return { zh: '密码至少 10 个字符', en: 'at least 10 characters' };
  if (password.length > 200) return { zh: '密码最多 200 个字符', en: 'at most 200 characters' };
  if (password.toLowerCase().includes(username.toLowerCase())) return { zh: '密码不能包含用户名', en: 'must not contain the username' };
  if (new Set(password).size < 5) return { zh: '密码过于简单', en: 'too simple' };
  return null;
}

export type TokenKind = 'session' | 'api';
const prefixes: Record<TokenKind, string> = { session: 'cqs_', api: 'cqt_' };

export function generateToken(kind: TokenKind): { secret: string; hash: Buffer } {
  const secret = prefixes[kind] + randomBytes(32).toString('base64url');
  return { secret, hash: hashToken(secret) };
}

export const hashToken = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();
