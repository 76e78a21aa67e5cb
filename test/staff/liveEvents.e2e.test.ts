import { afterEach, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';
import { startChannelReceiver } from '../helpers/channelReceiver.js';
import { StaffBrowser } from './staffBrowser.js';

// Wednesday 10:00 in Prague: the managers are at work.
const WORKING = new Date('2026-11-25T09:00:00Z');

interface Stream {
  events: { id: string; status: string; event: string }[];
  raw: string[];
  waitFor(test: (e: { id: string; status: string; event: string }) => boolean): Promise<{ id: string; status: string; event: string }>;
  close(): void;
}

/** Reads /staff/events as the browser's EventSource would, collecting the `ticket` events. */
async function openStream(url: string, cookie: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${url}/staff/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const events: Stream['events'] = [];
  const raw: string[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          raw.push(block);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: ticket') && data) events.push(JSON.parse(data.slice(6)));
          for (const wake of waiters.splice(0)) wake();
        }
      }
    } catch {
      // Aborted.
    }
  })();
  return {
    events,
    raw,
    async waitFor(test) {
      for (let i = 0; i < 100; i++) {
        const found = events.find(test);
        if (found) return found;
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      throw new Error(`no such event; got ${JSON.stringify(events)}`);
    },
    close: () => abort.abort(),
  };
}

const cookieOf = (browser: StaffBrowser) => [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ');

describe('live staff queue over Server-Sent Events (#19)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(): Promise<{ app: RunningApp; receiverUrl: string }> {
    const receiver = await startChannelReceiver();
    const app = await startTestApp({}, { clock: { now: () => WORKING } });
    cleanups.push(() => receiver.close(), () => app.stop());
    return { app, receiverUrl: receiver.url };
  }

  it('needs the staff session (401 without one, as JSON)', async () => {
    const { app } = await setup();
    const res = await fetch(`${app.url}/staff/events`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('tells a member of new and changed tickets of their team only, and never their content', async () => {
    const { app, receiverUrl } = await setup();
    const jana = new StaffBrowser(app.url);
    await jana.login('jana.novakova', 'demo-jana');
    const marek = new StaffBrowser(app.url);
    await marek.login('marek.horvath', 'demo-marek');
    const janaStream = await openStream(app.url, cookieOf(jana));
    const marekStream = await openStream(app.url, cookieOf(marek));
    cleanups.push(() => janaStream.close(), () => marekStream.close());

    const say = (conversation: string, text: string) => postActivity(app.url, messageActivity(text, { conversation: { id: conversation }, from: { id: `u-${conversation}` }, serviceUrl: receiverUrl }));
    await say('live-cz', 'I want to talk to a person');
    await say('live-cz', 'CZ-2024-10001');
    const created = await janaStream.waitFor((e) => e.event === 'created');
    await janaStream.waitFor((e) => e.id === created.id && e.status === 'waiting');
    await say('live-cz', 'My secret invoice 2024-118');
    await janaStream.waitFor((e) => e.id === created.id && e.event === 'client_message');

    // A Slovak client: Marek's team, not Jana's.
    await say('live-sk', 'I want to talk to a person');
    await say('live-sk', 'SK-2024-40012');
    const slovak = await marekStream.waitFor((e) => e.event === 'created');
    expect(slovak.id).not.toBe(created.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(janaStream.events.map((e) => e.id)).not.toContain(slovak.id);
    expect(marekStream.events.map((e) => e.id)).not.toContain(created.id);
    // Ids, statuses and what happened: no message text, names or policy numbers.
    expect(janaStream.raw.join('\n')).not.toMatch(/secret|CZ-2024-10001|Strojírny|Nováková/);
  });
});
