import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { channelAuthorization, startVerifiedTestApp } from '../../helpers/verifiedApp.js';

/** One call the bot made to the Bot Connector service (replies, proactive messages, updates). */
export interface ConnectorCall {
  method: string;
  conversationId: string;
  /** The activity the call replies to or updates, when the path names one. */
  activityId?: string;
  activity: SentActivity;
}

export interface SentActivity {
  type: string;
  text?: string;
  locale?: string;
  replyToId?: string;
  entities?: Record<string, unknown>[];
  attachments?: { contentType: string; content: AdaptiveCard }[];
  suggestedActions?: { actions: { title: string; value: unknown }[] };
  from?: { id?: string; name?: string };
}

export interface AdaptiveCard {
  type: string;
  version: string;
  body: Record<string, unknown>[];
  actions?: { type: string; title: string; verb?: string; url?: string; data?: Record<string, unknown> }[];
}

export interface TeamsReceiver {
  /** Use as the activities' serviceUrl. */
  url: string;
  calls: ConnectorCall[];
  /** Messages sent into one conversation, in order. */
  messages(conversationId: string): SentActivity[];
  waitFor(predicate: (call: ConnectorCall) => boolean, what?: string, timeoutMs?: number): Promise<ConnectorCall>;
  close(): Promise<void>;
}

/**
 * A stand-in for the Teams Bot Connector service on 127.0.0.1 (normal delivery: the bot POSTs
 * its replies and proactive messages to `{serviceUrl}/v3/conversations/{id}/activities[/{id}]`).
 * Every request body is kept whole, so a test sees exactly the JSON Teams would get.
 */
export async function startTeamsReceiver(): Promise<TeamsReceiver> {
  const calls: ConnectorCall[] = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (match && (req.method === 'POST' || req.method === 'PUT')) {
        try {
          calls.push({ method: req.method, conversationId: decodeURIComponent(match[1]!), ...(match[2] ? { activityId: decodeURIComponent(match[2]) } : {}), activity: JSON.parse(body) as SentActivity });
        } catch {
          // a malformed body is a test failure elsewhere; keep the server answering
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `teams-${++seq}` }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `${req.method} ${req.url}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    messages: (conversationId) => calls.filter((c) => c.conversationId === conversationId && c.activity.type === 'message').map((c) => c.activity),
    async waitFor(predicate, what = 'a matching activity', timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = calls.find(predicate);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; received: ${JSON.stringify(calls.map((c) => [c.conversationId, c.activity.text ?? c.activity.attachments?.[0]?.contentType]))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The test tenant and one outside it. */
export const TENANT = '6c1f3a52-9d1e-4b7a-8f00-2a1b3c4d5e6f';
export const OTHER_TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

export const BOT = { id: '28:00000000-0000-4000-8000-00000000b07', name: 'Podpora' };
export const JANA = { id: '29:demo-jana-novakova', name: 'Jana Nováková', aadObjectId: '0b7e5c1a-1111-4a2b-9c3d-000000000001' };
export const CLIENT = { id: '29:client-person', name: 'Tomáš Klient', aadObjectId: '0b7e5c1a-2222-4a2b-9c3d-000000000002' };

export interface TeamsActivityOptions {
  serviceUrl: string;
  conversationId: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  from?: { id: string; name: string; aadObjectId?: string };
  tenant?: string;
  locale?: string;
}

let seq = 0;

/** The envelope Teams puts around every activity it sends to a bot. */
function envelope(o: TeamsActivityOptions): Record<string, unknown> {
  seq++;
  const tenant = o.tenant ?? TENANT;
  const conversationType = o.conversationType ?? 'personal';
  return {
    id: `1700000000${String(seq).padStart(3, '0')}`,
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: o.locale ?? 'cs-CZ',
    from: o.from ?? CLIENT,
    recipient: BOT,
    conversation: { id: o.conversationId, conversationType, tenantId: tenant, ...(conversationType === 'channel' ? { isGroup: true, name: 'Servis' } : conversationType === 'groupChat' ? { isGroup: true } : {}) },
    channelData: {
      tenant: { id: tenant },
      ...(conversationType === 'channel' ? { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' } } : {}),
    },
  };
}

/** A message; with `mention`, "@Podpora" leads the text with its mention entity, as Teams sends it. */
export function teamsMessage(text: string | undefined, o: TeamsActivityOptions & { mention?: boolean; value?: unknown }): Record<string, unknown> {
  const mentionText = `<at>${BOT.name}</at>`;
  return {
    ...envelope(o),
    type: 'message',
    ...(text !== undefined ? { text: o.mention ? `${mentionText} ${text}` : text, textFormat: 'plain' } : {}),
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.mention ? { entities: [{ type: 'mention', text: mentionText, mentioned: BOT }] } : {}),
  };
}

/** An Action.Execute click: an `adaptiveCard/action` invoke. */
export function teamsCardAction(verb: string, data: Record<string, unknown>, o: TeamsActivityOptions): Record<string, unknown> {
  return { ...envelope(o), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', id: `action-${seq}`, verb, data }, trigger: 'manual' } };
}

/** The bot installed in a personal chat: Teams sends both of these. */
export function teamsInstall(o: TeamsActivityOptions): Record<string, unknown>[] {
  return [
    { ...envelope(o), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] },
    { ...envelope(o), type: 'installationUpdate', action: 'add' },
  ];
}

/** The whole bot as Teams talks to it (MicrosoftAppId set, tokens validated): helpers/verifiedApp.ts. */
export const startTeamsBot = startVerifiedTestApp;

/** Posts an activity to /api/messages; signed when `url` is a startTeamsBot bot, unsigned otherwise. */
export async function post(url: string, activity: unknown, options: { unsigned?: boolean } = {}): Promise<{ status: number; body: unknown; text: string }> {
  const authorization = options.unsigned ? {} : await channelAuthorization(url, activity);
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...authorization }, body: JSON.stringify(activity) });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body, text };
}

/** The text of every message the receiver got for a conversation, joined. */
export function textsOf(receiver: TeamsReceiver, conversationId: string): string {
  return receiver
    .messages(conversationId)
    .map((a) => a.text ?? '')
    .join('\n');
}
