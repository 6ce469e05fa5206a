import { DEMO_PASSWORD } from './harness';

/** The API as one user sees it, outside the browser: journeys use it to set up and to check what the page should show. */
export interface Api {
  get(url: string): Promise<any>;
  send(method: string, url: string, body?: unknown): Promise<any>;
  upload(url: string, file: Buffer, name: string): Promise<any>;
}

export async function apiAs(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Api> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const check = async (r: Response, what: string) => {
    const json = await r.json();
    if (r.status >= 400) throw new Error(`${what}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    get: async (url) => check(await fetch(`${baseUrl}${url}`, { headers: { cookie } }), url),
    send: async (method, url, body) =>
      check(
        await fetch(`${baseUrl}${url}`, {
          method,
          headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        `${method} ${url}`,
      ),
    upload: async (url, file, name) => {
      const form = new FormData();
      form.append('file', new Blob([file]), name);
      return check(await fetch(`${baseUrl}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: form }), `upload ${url}`);
    },
  };
}
