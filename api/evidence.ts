import { createHash } from 'node:crypto';
import { MAX_EVIDENCE_BYTES } from '../domain/publicity';
import { invalidField } from './errors';

/** An uploaded file decoded from base64, checked against the size limit, with its SHA-256. */
export function decodeEvidence<T extends { dataBase64: string }>(file: T, field: string): T & { data: Buffer; sha256: string } {
  const data = Buffer.from(file.dataBase64, 'base64');
  if (data.length === 0 || data.length > MAX_EVIDENCE_BYTES) {
    throw invalidField(field, `附件须为 1 字节至 ${MAX_EVIDENCE_BYTES / 1048576} MB`, `a file must be 1 byte to ${MAX_EVIDENCE_BYTES / 1048576} MB`);
  }
  return { ...file, data, sha256: createHash('sha256').update(data).digest('hex') };
}
