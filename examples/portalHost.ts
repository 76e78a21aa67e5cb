/**
 * A tiny client-portal host page with the chat embedded for its signed-in user (README
 * "Verified clients"). Run the bot and this side by side:
 *
 *   PORTAL_ASSERTION_SECRET=… PORTAL_ASSERTION_AUDIENCE=support-bot WEBCHAT_EMBED_ORIGINS=http://127.0.0.1:4000 npm start
 *   PORTAL_ASSERTION_SECRET=… PORTAL_ASSERTION_AUDIENCE=support-bot npx tsx examples/portalHost.ts
 *
 * then open http://127.0.0.1:4000, "sign in" as a demo user, and ask the chat for "my cases".
 *
 * What matters is the split: the browser asks *this* server for a chat session (same origin,
 * behind the portal's own session cookie); this server signs the assertion and exchanges it with
 * the bot (examples/portalToken.ts); the browser receives only the Direct Line token and talks to
 * the bot's Direct Line (allowed by WEBCHAT_EMBED_ORIGINS). The portal's sign-in here is a demo
 * button; a real portal has its own.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { webChatBundle } from '../channels/webchat/pageRoutes.js';
import { portalSession, type PortalSettings, type PortalUser } from './portalToken.js';

/** The demo portal's users: clients of the bundled demo directory (data/policy-directory.json). */
const DEMO_USERS: Record<string, PortalUser & { label: string }> = {
  martin: { clientId: 'strojirny-morava', email: 'martin.kovar@strojirny-morava.example', name: 'Martin Kovář', label: 'Martin Kovář, Strojírny Morava a.s.' },
  lucie: { clientId: 'bohemia-textil', email: 'lucie.dvorakova@bohemia-textil.example', name: 'Lucie Dvořáková', label: 'Lucie Dvořáková, Bohemia Textil s.r.o.' },
};

export interface PortalHost {
  url: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, headers);
  res.end(body);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(body: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Client portal (demo)</title><link rel="icon" href="data:,">
<style nonce="${nonce}">body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem}#chat{height:32rem;border:1px solid #ccc}</style>
</head><body>${body}</body></html>`;
}

/** Starts the demo portal; `settings` is read per request, so the bot may start after it. */
export async function startPortalHost(options: { port?: number; host?: string; settings: () => PortalSettings }): Promise<PortalHost> {
  const sessions = new Map<string, string>();
  const bundle = webChatBundle().file;
  let bundleBody: Buffer | undefined;
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://portal');
      const sid = /(?:^|;\s*)portal_session=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
      const user = sid ? DEMO_USERS[sessions.get(sid) ?? ''] : undefined;
      const nonce = randomBytes(12).toString('base64');
      const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; connect-src 'self' ${options.settings().botUrl} ${options.settings().botUrl.replace(/^http/, 'ws')}; img-src 'self' data: blob:` };
      if (req.method === 'POST' && url.pathname === '/signin') {
        const body = await new Promise<string>((resolve) => {
          let data = '';
          req.on('data', (chunk: Buffer) => (data += chunk.toString()));
          req.on('end', () => resolve(data));
        });
        const who = new URLSearchParams(body).get('user') ?? '';
        if (!DEMO_USERS[who]) return send(res, 400, {}, 'unknown user');
        const id = randomBytes(16).toString('base64url');
        sessions.set(id, who);
        return send(res, 303, { location: '/', 'set-cookie': `portal_session=${id}; HttpOnly; SameSite=Lax; Path=/` }, '');
      }
      if (url.pathname === '/webchat.js') return send(res, 200, { 'content-type': 'text/javascript; charset=utf-8' }, (bundleBody ??= fs.readFileSync(bundle)));
      if (url.pathname === '/chat-session') {
        if (!user) return send(res, 401, { 'content-type': 'application/json' }, '{"error":"not signed in"}');
        // Server to server: the assertion never reaches the browser, only the Direct Line session does.
        const session = await portalSession(options.settings(), user);
        return send(res, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, JSON.stringify(session));
      }
      if (url.pathname !== '/') return send(res, 404, {}, '');
      if (!user) {
        const choices = Object.entries(DEMO_USERS).map(([id, u]) => `<button name="user" value="${id}">Sign in as ${escapeHtml(u.label)}</button>`).join(' ');
        return send(res, 200, headers, page(`<h1>Client portal (demo)</h1><form method="post" action="/signin">${choices}</form>`, nonce));
      }
      const script = `
        const session = await (await fetch('/chat-session')).json();
        const directLine = window.WebChat.createDirectLine({ token: session.token, domain: session.domain });
        window.WebChat.renderWebChat({ directLine, locale: 'en-US' }, document.getElementById('chat'));`;
      send(
        res,
        200,
        headers,
        page(
          `<h1>Welcome, ${escapeHtml(user.name ?? '')}</h1><p>Signed in to the client portal.</p><div id="chat" role="region" aria-label="Chat"></div>
<script src="/webchat.js"></script><script type="module" nonce="${nonce}">${script}</script>`,
          nonce,
        ),
      );
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`The chat could not be opened: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.PORTAL_ASSERTION_SECRET;
  const audience = process.env.PORTAL_ASSERTION_AUDIENCE;
  if (!secret || !audience) {
    process.stderr.write('Set PORTAL_ASSERTION_SECRET and PORTAL_ASSERTION_AUDIENCE, as for the bot.\n');
    process.exit(1);
  }
  const botUrl = process.env.BOT_URL ?? 'http://127.0.0.1:3978';
  const host = await startPortalHost({ port: Number(process.env.PORT ?? 4000), settings: () => ({ botUrl, secret, audience }) });
  process.stdout.write(`Demo client portal on ${host.url} (the bot at ${botUrl} needs WEBCHAT_EMBED_ORIGINS=${host.url})\n`);
}
