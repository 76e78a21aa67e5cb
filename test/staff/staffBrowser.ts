/**
 * A minimal browser for the staff pages over fetch: keeps cookies (by name; every staff cookie
 * lives under /staff), never follows redirects, and reads the CSRF token out of the last page.
 */
export interface PageResponse {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
  setCookies: string[];
}

export class StaffBrowser {
  readonly cookies = new Map<string, string>();
  lastPage = '';

  constructor(
    readonly baseUrl: string,
    /** Headers sent with every request (e.g. x-forwarded-proto). */
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  private cookieHeader(): Record<string, string> {
    if (!this.cookies.size) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  private async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<PageResponse> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...this.defaultHeaders, ...this.cookieHeader(), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const setCookies = res.headers.getSetCookie();
    for (const cookie of setCookies) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/;\s*Max-Age=0\b/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await res.text();
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) this.lastPage = body;
    return { status: res.status, headers: res.headers, body, location: res.headers.get('location'), setCookies };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.request('GET', path, { headers });
  }

  /** Posts a url-encoded form, as a browser submitting one of the pages' forms would. */
  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.request('POST', path, {
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** The CSRF token embedded in the last HTML page (every form carries the same one). */
  csrf(): string {
    const token = /name="csrf" value="([^"]+)"/.exec(this.lastPage)?.[1];
    if (!token) throw new Error('No CSRF token on the last page');
    return token;
  }

  /** Opens the sign-in page and submits the form. */
  async login(id: string, password: string, extra: Record<string, string> = {}): Promise<PageResponse> {
    await this.get('/staff/login');
    return this.post('/staff/login', { id, password, csrf: this.csrf(), ...extra });
  }

  /** Submits one of a ticket page's action forms with the page's token. */
  async act(ticketId: string, action: 'accept' | 'messages' | 'end', fields: Record<string, string> = {}): Promise<PageResponse> {
    await this.get(`/staff/handoffs/${ticketId}`);
    return this.post(`/staff/handoffs/${ticketId}/${action}`, { csrf: this.csrf(), ...fields });
  }
}
