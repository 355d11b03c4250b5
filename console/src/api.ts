import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api-types';

/** Where the signed-in person's session token is kept (this browser tab only). */
const TOKEN_KEY = 'campaign-console-token';
export const session = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (t: string) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

const auth: Middleware = {
  onRequest({ request }) {
    const t = session.get();
    if (t) request.headers.set('authorization', `Bearer ${t}`);
    return request;
  },
};

/** The typed API client: paths, parameters and bodies come from the API's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** A problem+json answer of the API (RFC 9457) with its Chinese and English titles and bad fields. */
export interface Problem {
  status: number;
  code: string;
  titleZh: string;
  titleEn: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.titleZh} / ${problem.titleEn}`);
  }
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem. */
export async function ok<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok) {
    const e = (error ?? {}) as Partial<Problem>;
    if (response.status === 401 && session.get()) {
      session.clear();
      window.dispatchEvent(new Event('session-expired'));
    }
    throw new ApiError({ status: response.status, code: e.code ?? 'error', titleZh: e.titleZh ?? `请求失败（${response.status}）`, titleEn: e.titleEn ?? `Request failed (${response.status})`, ...e } as Problem);
  }
  return data as T;
}

/** The session token as the header of a plain fetch (for what the typed client does not cover: files). */
export const bearer = () => ({ authorization: `Bearer ${session.get() ?? ''}` });

/** A plain fetch's refusal as an ApiError: the API's own titles, else the given ones. */
export async function refusal(res: Response, titleZh: string, titleEn: string): Promise<ApiError> {
  const e = (await res.json().catch(() => ({}))) as Partial<Problem>;
  return new ApiError({ status: res.status, code: e.code ?? 'error', titleZh: e.titleZh ?? titleZh, titleEn: e.titleEn ?? titleEn, ...e } as Problem);
}

/** Downloads a file from the API with the session token (Excel, PDF, evidence). */
export async function download(url: string, filename: string): Promise<void> {
  const res = await fetch(url, { headers: bearer() });
  if (!res.ok) throw await refusal(res, '下载失败', 'Download failed');
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** The evidence file types the API takes (PDF, images, Word, Excel); the server names any other. */
export const evidenceTypes = ['application/pdf', 'image/jpeg', 'image/png', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;
export type EvidenceType = (typeof evidenceTypes)[number];
export const isEvidenceType = (t: string): t is EvidenceType => (evidenceTypes as readonly string[]).includes(t);
/** What a file picker offers for evidence. */
export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx';
export interface Evidence {
  filename: string;
  contentType: EvidenceType;
  dataBase64: string;
}

/** A file the person picked, as the API's evidence object (base64). */
export async function toEvidence(file: File): Promise<Evidence> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { filename: file.name, contentType: (file.type || 'application/octet-stream') as EvidenceType, dataBase64: btoa(binary) };
}
