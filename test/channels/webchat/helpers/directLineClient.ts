import { WebSocket } from 'ws';

export interface DlActivity {
  id: string;
  type: string;
  text?: string;
  locale?: string;
  timestamp?: string;
  replyToId?: string;
  from: { id: string; name?: string; role?: string };
  conversation: { id: string };
  channelData?: Record<string, unknown>;
  entities?: { type: string; citation?: { position: number; appearance: { name: string; abstract: string; keywords?: string[] } }[] }[];
  suggestedActions?: { actions: { title: string; value: unknown }[] };
}

export interface ActivitySet {
  activities: DlActivity[];
  watermark?: string;
}

export interface Session {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
  domain: string;
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

async function call<T>(url: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** A Direct Line 3.0 client for tests, speaking to a base URL like http://127.0.0.1:1234. */
export class DirectLineTestClient {
  constructor(readonly baseUrl: string) {}

  get dl(): string {
    return `${this.baseUrl}/v3/directline`;
  }

  /** `assertion`: the client portal's signed assertion of its signed-in user (the portal server's call). */
  requestSession(assertion?: string): Promise<HttpResult<Session>> {
    return call<Session>(`${this.baseUrl}/api/directline/token`, { method: 'POST', ...(assertion ? { token: assertion } : {}) });
  }

  async session(assertion?: string): Promise<Session> {
    const result = await this.requestSession(assertion);
    if (result.status !== 200) throw new Error(`token endpoint answered ${result.status}: ${JSON.stringify(result.body)}`);
    return result.body;
  }

  start(token: string, locale?: string) {
    return call<{ conversationId: string; token: string; expires_in: number; streamUrl: string }>(`${this.dl}/conversations`, {
      method: 'POST',
      token,
      json: { user: {}, ...(locale ? { locale } : {}) },
    });
  }

  resume(token: string, conversationId: string, watermark?: string) {
    const query = watermark !== undefined ? `?watermark=${watermark}` : '';
    return call<{ conversationId: string; token: string; streamUrl: string }>(`${this.dl}/conversations/${conversationId}${query}`, { token });
  }

  post(token: string, conversationId: string, activity: Record<string, unknown>) {
    return call<{ id: string }>(`${this.dl}/conversations/${conversationId}/activities`, { method: 'POST', token, json: activity });
  }

  activities(token: string, conversationId: string, watermark?: string) {
    const query = watermark !== undefined ? `?watermark=${watermark}` : '';
    return call<ActivitySet>(`${this.dl}/conversations/${conversationId}/activities${query}`, { token });
  }

  refresh(token: string) {
    return call<{ conversationId: string; token: string; expires_in: number }>(`${this.dl}/tokens/refresh`, { method: 'POST', token });
  }

  /** Polls (no sleeping beyond short waits) until `predicate` holds for the activities after `watermark`. */
  async waitForActivities(token: string, conversationId: string, predicate: (activities: DlActivity[]) => boolean, watermark?: string): Promise<ActivitySet> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const { body } = await this.activities(token, conversationId, watermark);
      if (predicate(body.activities)) return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the expected activities did not arrive');
  }
}

/** A WebSocket on a stream URL, collecting every activity set it receives. */
export class StreamListener {
  readonly sets: ActivitySet[] = [];
  private readonly socket: WebSocket;
  private waiters: (() => void)[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(streamUrl: string) {
    this.socket = new WebSocket(streamUrl);
    this.socket.on('message', (data) => {
      const text = String(data);
      if (!text) return;
      this.sets.push(JSON.parse(text) as ActivitySet);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  get activities(): DlActivity[] {
    return this.sets.flatMap((s) => s.activities);
  }

  async waitFor(predicate: (activities: DlActivity[]) => boolean, timeoutMs = 10_000): Promise<DlActivity[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.activities)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream: expected activities did not arrive; got ${JSON.stringify(this.activities.map((a) => [a.type, a.text?.slice(0, 40)]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.activities;
  }

  close(): void {
    this.socket.close();
  }
}

export function citationsOf(activity: DlActivity) {
  return activity.entities?.find((e) => e.type === 'https://schema.org/Message')?.citation;
}

/** The JWT's payload, unverified (what a browser's jwt-decode would read). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * A started conversation as a chat: `say(text)` posts a message and resolves with the text of
 * the bot's replies to it (joined by newlines).
 */
export async function chatOver(client: DirectLineTestClient, session: Session, locale = 'en-US'): Promise<(text: string) => Promise<string>> {
  await client.start(session.token, locale);
  let watermark = (await client.waitForActivities(session.token, session.conversationId, (a) => a.length > 0)).watermark;
  return async (text: string): Promise<string> => {
    const { body } = await client.post(session.token, session.conversationId, { type: 'message', text, from: { id: session.userId }, locale });
    const set = await client.waitForActivities(session.token, session.conversationId, (a) => a.some((x) => x.replyToId === body.id), watermark);
    watermark = set.watermark;
    return set.activities.filter((a) => a.from.role === 'bot').map((a) => a.text ?? '').join('\n');
  };
}
