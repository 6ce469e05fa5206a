import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildQuery, errorFromBody, filenameFromDisposition, setCsrfToken, setUnauthorizedHandler } from './client';

describe('errorFromBody', () => {
  it('keeps the server code, message and details', () => {
    const err = errorFromBody(423, { error: { code: 'account_locked', message: '账号已临时锁定', details: { retryAfterSeconds: 900 } } });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(423);
    expect(err.code).toBe('account_locked');
    expect(err.message).toBe('账号已临时锁定');
    expect(err.details).toEqual({ retryAfterSeconds: 900 });
  });

  it('fills an empty message from the shared sentences of a known code', () => {
    expect(errorFromBody(409, { error: { code: 'unit_cycle', message: '' } }).message).toBe('不能把单位移动到它自己或它的下级单位之下');
    expect(errorFromBody(409, { error: { code: 'unit_cycle' } }, 'en').message).toBe('A unit cannot move under itself or its own sub-unit');
  });

  it('falls back on the status when the body is not the error shape', () => {
    const html = errorFromBody(502, '<html>Bad Gateway</html>');
    expect(html.code).toBe('internal_error');
    expect(html.message).toBe('服务器内部错误，请稍后再试');
    expect(errorFromBody(413, null).code).toBe('payload_too_large');
    expect(errorFromBody(401, {}).message).toBe('请先登录');
    expect(errorFromBody(429, { message: 'x' }, 'en').message).toBe('Too many requests; please wait and try again');
  });
});

describe('buildQuery', () => {
  it('leaves out unset and blank values and encodes the rest', () => {
    expect(buildQuery({ page: 1, q: ' 张 ', unitId: undefined, gender: null, maxAge: '', includeSubunits: false })).toBe(
      `?page=1&q=${encodeURIComponent('张')}&includeSubunits=false`,
    );
    expect(buildQuery({})).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
});

describe('filenameFromDisposition', () => {
  it('prefers the UTF-8 filename* form', () => {
    const header = `attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent('干部名册.xlsx')}`;
    expect(filenameFromDisposition(header, 'x.xlsx')).toBe('干部名册.xlsx');
  });
  it('reads a plain quoted or bare filename', () => {
    expect(filenameFromDisposition('attachment; filename="roster.xlsx"', 'x')).toBe('roster.xlsx');
    expect(filenameFromDisposition('attachment; filename=roster.xlsx', 'x')).toBe('roster.xlsx');
  });
  it('falls back when there is none', () => {
    expect(filenameFromDisposition(null, '干部名册.xlsx')).toBe('干部名册.xlsx');
    expect(filenameFromDisposition('attachment', 'a.xlsx')).toBe('a.xlsx');
  });
});

describe('api requests', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
    setUnauthorizedHandler(null);
  });

  const respond = (status: number, body: unknown) =>
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

  it('sends the CSRF token and same-origin credentials on writes, not on reads', async () => {
    const fetchMock = respond(200, { ok: true });
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-1');
    await api.post('/api/auth/logout');
    await api.get('/api/health');
    const [postUrl, postInit] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(postUrl).toBe('/api/auth/logout');
    expect(postInit.credentials).toBe('same-origin');
    expect((postInit.headers as Record<string, string>)['x-csrf-token']).toBe('tok-1');
    const [, getInit] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect((getInit.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('throws ApiError with the server message and reports a 401 as the end of the session', async () => {
    vi.stubGlobal('fetch', respond(401, { error: { code: 'unauthenticated', message: '请先登录' } }));
    const ended = vi.fn();
    setUnauthorizedHandler(ended);
    await expect(api.get('/api/people')).rejects.toMatchObject({ status: 401, code: 'unauthenticated', message: '请先登录' });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('does not treat a 401 from the session probe or the login as an ended session', async () => {
    vi.stubGlobal('fetch', respond(401, { error: { code: 'invalid_credentials', message: '用户名或密码错误', details: { remainingAttempts: 2 } } }));
    const ended = vi.fn();
    setUnauthorizedHandler(ended);
    await expect(api.get('/api/auth/me')).rejects.toBeInstanceOf(ApiError);
    await expect(api.post('/api/auth/login', { username: 'a', password: 'b' })).rejects.toMatchObject({ details: { remainingAttempts: 2 } });
    expect(ended).not.toHaveBeenCalled();
  });

  it('turns a failed connection into a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('fetch failed');
      }),
    );
    await expect(api.get('/api/health')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('uploads FormData without setting a content type, so the browser adds the boundary', async () => {
    const fetchMock = respond(200, { imported: false, dryRun: true, rows: 1, created: 0, problems: [] });
    vi.stubGlobal('fetch', fetchMock);
    const form = new FormData();
    form.append('file', new Blob(['x']), 'roster.xlsx');
    await api.upload('/api/people/import', form, { dryRun: true });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/people/import?dryRun=true');
    expect(init.body).toBe(form);
    expect((init.headers as Record<string, string>)['content-type']).toBeUndefined();
  });
});
