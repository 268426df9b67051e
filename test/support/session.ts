/** Signs in through next-auth's credentials flow over HTTP and returns the Cookie header. */
export async function signInHttp(baseUrl: string, username: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie, ...headers },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes('session-token'));
  if (!session) throw new Error(`sign-in as ${username} failed: HTTP ${res.status}`);
  return `${csrfCookie}; ${session.split(';')[0]}`;
}
