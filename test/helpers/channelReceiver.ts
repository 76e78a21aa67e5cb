import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  conversationId: string;
  activity: { type: string; text?: string; from?: { name?: string }; suggestedActions?: { actions: { title: string }[] }; attachments?: unknown[] };
}

/**
 * A stand-in for a channel's Bot Connector service on 127.0.0.1: records every activity the bot
 * sends to `{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]` (replies and proactive
 * messages alike) and answers like the real service.
 */
export async function startChannelReceiver(): Promise<{ url: string; received: ReceivedActivity[]; waitFor(predicate: (a: ReceivedActivity) => boolean, timeoutMs?: number): Promise<ReceivedActivity>; close(): Promise<void> }> {
  const received: ReceivedActivity[] = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (req.method === 'POST' && match) {
        try {
          received.push({ conversationId: decodeURIComponent(match[1]!), activity: JSON.parse(body) });
        } catch {
          // ignore malformed bodies
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `recv-${++seq}` }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find(predicate);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`No matching activity; received: ${JSON.stringify(received.map((r) => r.activity.text))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
