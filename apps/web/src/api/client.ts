import { ERROR_MESSAGES, type Lang } from '@lecture-hall/shared/i18n/errors';

/** A failed API call: the server's error body, or a stand-in built from the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Status 0 marks a request that never got an answer (offline, server down, CORS). */
export const NETWORK_ERROR_STATUS = 0;

const FALLBACK_CODE_BY_STATUS: Record<number, keyof typeof ERROR_MESSAGES> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  423: 'account_locked',
  429: 'rate_limited',
};

const NETWORK_MESSAGES: Record<Lang, string> = {
  zh: '无法连接服务器，请检查网络后重试',
  en: 'Cannot reach the server; check the network and try again',
};

/**
 * Turns a failed response's status and parsed body into an ApiError. The server's message is
 * already in the user's language, so it wins; a body that is not the uniform error shape (a
 * proxy's HTML page, an empty 502) falls back to the shared sentence for the status.
 */
export function errorFromBody(status: number, body: unknown, lang: Lang = 'zh'): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const err = (body as { error: unknown }).error;
    if (err && typeof err === 'object') {
      const { code, message, details } = err as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof code === 'string') {
        const known = ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES];
        const text = typeof message === 'string' && message.trim() !== '' ? message : (known?.[lang] ?? fallbackMessage(status, lang));
        return new ApiError(status, code, text, details);
      }
    }
  }
  const code = status >= 500 ? 'internal_error' : (FALLBACK_CODE_BY_STATUS[status] ?? 'bad_request');
  return new ApiError(status, code, ERROR_MESSAGES[code][lang]);
}

function fallbackMessage(status: number, lang: Lang): string {
  const code = status >= 500 ? 'internal_error' : (FALLBACK_CODE_BY_STATUS[status] ?? 'bad_request');
  return ERROR_MESSAGES[code][lang];
}

export function networkError(lang: Lang = 'zh'): ApiError {
  return new ApiError(NETWORK_ERROR_STATUS, 'network_error', NETWORK_MESSAGES[lang]);
}

export type QueryValue = string | number | boolean | null | undefined;

/** A query string from a flat record, leaving out empty values so filters that are unset stay unset. */
export function buildQuery(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const text = String(value).trim();
    if (text === '') continue;
    search.append(key, text);
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** The file name a download should get, from Content-Disposition (RFC 6266, incl. filename*=UTF-8''…). */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star?.[2]) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''));
    } catch {
      // A malformed escape falls through to the plain filename parameter.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = plain?.[2] ?? plain?.[1];
  return name ? name.trim() : fallback;
}

// ---- session state the client needs on every call ----

let csrfToken: string | null = null;
let currentLang: Lang = 'zh';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(lang: Lang): void {
  currentLang = lang;
}
/** Called when any call but the session probe answers 401: the session has ended. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** What an HTTP 401 does, for a signed-in socket closed because its session ended (SESSION_ENDED_CLOSE). */
export function reportSessionEnded(): void {
  onUnauthorized?.();
}

/** Paths whose 401 means "wrong password" or "not logged in yet", not "your session ended". */
const SESSION_PROBES = new Set(['/api/auth/me', '/api/auth/login']);

interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body; // the browser sets the multipart boundary itself
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path + buildQuery(opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError(currentLang);
  }
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && !SESSION_PROBES.has(path)) onUnauthorized?.();
    throw error;
  }
  return res;
}

async function readError(res: Response): Promise<ApiError> {
  let parsed: unknown = null;
  try {
    const text = await res.text();
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return errorFromBody(res.status, parsed, currentLang);
}

async function json<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Saves a response body as a file through a temporary object URL. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function xhrUpload<T>(path: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () => reject(networkError(currentLang));
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(parsed as T);
      if (xhr.status === 401 && !SESSION_PROBES.has(path)) onUnauthorized?.();
      reject(errorFromBody(xhr.status, parsed, currentLang));
    };
    xhr.send(form);
  });
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) => json<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Record<string, QueryValue>) => json<T>('POST', path, { body, query }),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, { body }),
  del: <T>(path: string) => json<T>('DELETE', path),
  upload: <T>(path: string, form: FormData, query?: Record<string, QueryValue>) => json<T>('POST', path, { body: form, query }),
  /** GETs a file's bytes (a deck preview for pdf.js); errors come back as ApiError like any call. */
  blob: (path: string, signal?: AbortSignal) => send('GET', path, { signal }).then((res) => res.blob()),
  /** POSTs multipart data and reports upload progress (0–100), which fetch cannot; errors as ApiError. */
  uploadWithProgress: <T>(path: string, form: FormData, onProgress: (percent: number) => void) => xhrUpload<T>(path, form, onProgress),
  /** GETs a file and hands it to the browser as a download; errors come back as ApiError like any call. */
  async download(path: string, query: Record<string, QueryValue> | undefined, fallbackName: string): Promise<string> {
    const res = await send('GET', path, { query });
    const filename = filenameFromDisposition(res.headers.get('content-disposition'), fallbackName);
    saveBlob(await res.blob(), filename);
    return filename;
  },
};
