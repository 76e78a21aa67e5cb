import { WebSocket } from 'ws';
import type { ActivitySet, DlActivity } from '../channels/webchat/helpers/directLineClient.js';

/** What went wrong on the way (retries are expected when an instance dies; the counts are for the report). */
export interface ClientEvents {
  reconnects: number;
  postRetries: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fetch that retries what a dying instance cannot answer (network errors, 502/503), as a browser's user would. */
async function request(url: string, init: RequestInit, retries = 40): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      if ((res.status !== 502 && res.status !== 503) || attempt >= retries) return res;
      await res.arrayBuffer().catch(() => undefined);
    } catch (error) {
      if (attempt >= retries) throw error;
    }
    await pause(100 + attempt * 50);
  }
}

/**
 * One website visitor as botframework-directlinejs behaves: a token, a conversation, a WebSocket
 * stream; when the socket drops it asks for a new stream URL with its last watermark
 * (GET /conversations/:id?watermark=…) and carries on from there. Everything the streams deliver
 * is kept in arrival order, so a test can check nothing was missed or delivered twice.
 */
export class ResumingDirectLineClient {
  /** Kept activities (those delivered with a watermark), in arrival order across every socket. */
  readonly received: DlActivity[] = [];
  /** Ids that arrived more than once. */
  readonly repeated: string[] = [];
  readonly events: ClientEvents = { reconnects: 0, postRetries: 0 };
  token = '';
  conversationId = '';
  watermark: string | undefined;
  private socket: WebSocket | undefined;
  private stopped = false;
  private readonly seen = new Set<string>();
  private waiters: (() => void)[] = [];

  constructor(private readonly baseUrl: string) {}

  private get dl(): string {
    return `${this.baseUrl}/v3/directline`;
  }

  private headers(json = false): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) };
  }

  async open(locale = 'en-US'): Promise<void> {
    const session = await request(`${this.baseUrl}/api/directline/token`, { method: 'POST' });
    if (session.status !== 200) throw new Error(`token: ${session.status}`);
    const body = (await session.json()) as { token: string; conversationId: string };
    this.token = body.token;
    this.conversationId = body.conversationId;
    const started = await request(`${this.dl}/conversations`, { method: 'POST', headers: this.headers(true), body: JSON.stringify({ user: {}, locale }) });
    if (started.status !== 201 && started.status !== 200) throw new Error(`start: ${started.status} ${await started.text()}`);
    await this.connect(((await started.json()) as { streamUrl: string }).streamUrl);
  }

  /** Posts a message; answers its id. Retries a failed post (its echo may then appear twice, under two ids). */
  async say(text: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const res = await request(`${this.dl}/conversations/${this.conversationId}/activities`, {
        method: 'POST',
        headers: this.headers(true),
        body: JSON.stringify({ type: 'message', text, from: { id: 'ignored' }, locale: 'en-US', channelData: { clientActivityID: `${this.conversationId}-${text}-${attempt}` } }),
      });
      if (res.status === 200) return ((await res.json()) as { id: string }).id;
      // 502 from the bot itself: the instance died mid-turn after the echo was stored.
      if (attempt >= 5) throw new Error(`post: ${res.status} ${await res.text()}`);
      this.events.postRetries++;
      await pause(200);
    }
  }

  /** The conversation's kept history, as the polling API gives it. */
  async history(): Promise<DlActivity[]> {
    const res = await request(`${this.dl}/conversations/${this.conversationId}/activities`, { headers: this.headers() });
    if (res.status !== 200) throw new Error(`history: ${res.status}`);
    return ((await res.json()) as ActivitySet).activities;
  }

  /** Waits until the streams have delivered the activity with this id. */
  async waitForId(id: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.seen.has(id)) {
      if (Date.now() > deadline) throw new Error(`${this.conversationId}: ${id} never arrived on the stream (watermark ${this.watermark})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.stopped = true;
    this.socket?.terminate();
  }

  private connect(streamUrl: string): Promise<void> {
    return new Promise((resolve) => {
      const socket = new WebSocket(streamUrl);
      this.socket = socket;
      let opened = false;
      socket.on('open', () => {
        opened = true;
        resolve();
      });
      socket.on('message', (data) => {
        const text = String(data);
        if (!text) return;
        const set = JSON.parse(text) as ActivitySet;
        if (set.watermark === undefined) return; // typing: not kept, not replayed
        for (const activity of set.activities) {
          if (this.seen.has(activity.id)) this.repeated.push(activity.id);
          this.seen.add(activity.id);
          this.received.push(activity);
        }
        this.watermark = set.watermark;
        for (const wake of this.waiters.splice(0)) wake();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (this.stopped || this.socket !== socket) return;
        if (!opened) resolve();
        void this.resume();
      });
    });
  }

  /** A new stream URL from the last watermark, as directlinejs reconnects. */
  private async resume(): Promise<void> {
    this.events.reconnects++;
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const query = this.watermark !== undefined ? `?watermark=${this.watermark}` : '';
        const res = await request(`${this.dl}/conversations/${this.conversationId}${query}`, { headers: this.headers() });
        if (res.status === 200) {
          await this.connect(((await res.json()) as { streamUrl: string }).streamUrl);
          return;
        }
      } catch {
        // the balancer had nobody to send it to; try again
      }
      await pause(100 + attempt * 50);
    }
  }
}
