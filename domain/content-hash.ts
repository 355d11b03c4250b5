import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The SHA-256 (hex) of a published document's content in canonical JSON (RFC 8785: sorted keys,
 * fixed number format), so anyone holding the same content computes the same hash. It is recorded
 * in the audit chain when the document is published.
 */
export function contentHash(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('content cannot be hashed: not JSON');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
