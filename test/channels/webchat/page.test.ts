import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webChatBundle } from '../../../channels/webchat/pageRoutes.js';
import { startTestApp, type RunningApp } from '../../helpers/app.js';

let bot: RunningApp;

beforeAll(async () => {
  bot = await startTestApp();
});
afterAll(async () => {
  await bot.stop();
});

function directives(policy: string | null): Map<string, string[]> {
  return new Map((policy ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('GET / (the chat page)', () => {
  it('serves the page with a strict Content Security Policy and a fresh nonce', async () => {
    const res = await fetch(`${bot.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');

    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    const scriptSrc = csp.get('script-src')!;
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
    const nonce = /^'nonce-(.+)'$/.exec(scriptSrc.find((s) => s.startsWith("'nonce-"))!)![1]!;
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain('{{');
    // No inline script: every <script> has a src.
    expect(html.match(/<script\b[^>]*>/g)!.every((tag) => /\bsrc=/.test(tag))).toBe(true);

    const again = await fetch(`${bot.url}/`);
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('sends the other security headers', async () => {
    const res = await fetch(`${bot.url}/`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('permissions-policy')).toMatch(/microphone=\(\)/);
  });

  it('is bilingual and accessible in its markup: a language switch, a new-conversation button, landmarks', async () => {
    const html = await (await fetch(`${bot.url}/`)).text();
    expect(html).toMatch(/<html lang="cs">/);
    expect(html).toMatch(/data-lang="cs"[^>]*aria-pressed="true"/);
    expect(html).toMatch(/data-lang="en"[^>]*aria-pressed="false"/);
    expect(html).toContain('id="new-conversation"');
    expect(html).toMatch(/<main\b/);
    expect(html).toMatch(/role="status"/);
  });
});

describe('GET /web/* (the page\'s assets)', () => {
  it('serves the installed Web Chat bundle under its version, cacheable forever, compressed', async () => {
    const { version } = webChatBundle();
    const html = await (await fetch(`${bot.url}/`)).text();
    expect(html).toContain(`src="/web/vendor/webchat-${version}.js"`);
    // node:http, not fetch: fetch would undo the compression before we could see it.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(`${bot.url}/web/vendor/webchat-${version}.js`, { headers: { 'accept-encoding': 'gzip' } }, resolve).on('error', reject),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const script = gunzipSync(Buffer.concat(chunks)).toString('utf8');
    expect(script).toContain('window.WebChat');
  });

  it('serves the page script and styles, revalidated by ETag', async () => {
    const res = await fetch(`${bot.url}/web/app.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const etag = res.headers.get('etag')!;
    const cached = await fetch(`${bot.url}/web/app.js`, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    expect((await fetch(`${bot.url}/web/styles.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each(['/web/nope.js', '/web/index.html', '/web/..%2fpackage.json', '/web/../package.json', '/web/vendor/webchat-0.0.0.js'])('answers 404 for %s', async (path) => {
    const res = await fetch(`${bot.url}${path}`);
    expect(res.status).toBe(404);
  });
});
