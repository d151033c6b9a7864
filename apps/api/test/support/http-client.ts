/** A minimal browser stand-in: calls tRPC over HTTP and keeps the session cookie. */
export class TestBrowser {
  private cookie: string | undefined;
  lastSetCookie: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async mutate(path: string, input?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}/api/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.cookieHeader(), ...headers },
      body: input === undefined ? undefined : JSON.stringify(input),
    });
    return this.read(response);
  }

  async query(path: string, input?: unknown) {
    const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await fetch(`${this.baseUrl}/api/trpc/${path}${search}`, { headers: this.cookieHeader() });
    return this.read(response);
  }

  private cookieHeader(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private async read(response: Response) {
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      this.lastSetCookie = setCookie;
      const [pair] = setCookie.split(';');
      this.cookie = pair!.endsWith('=') ? undefined : pair;
    }
    const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string; data?: { code: string } } };
    return { status: response.status, data: body.result?.data as any, error: body.error, headers: response.headers };
  }
}
