import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../platform/config.js';
import { startTestApp, type RunningApp } from '../../helpers/app.js';
import { DirectLineTestClient } from './helpers/directLineClient.js';

const SECRET = 'azure-direct-line-secret-must-never-reach-the-browser';

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

/** A loopback stand-in for https://directline.botframework.com: records calls, answers like Azure. */
async function startFakeDirectLine(answer: (req: Recorded) => { status: number; body: unknown }) {
  const calls: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const call = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body };
      calls.push(call);
      const { status, body: reply } = answer(call);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    calls,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('production mode: Azure Direct Line (DIRECT_LINE_SECRET set)', () => {
  let fake: Awaited<ReturnType<typeof startFakeDirectLine>>;
  let bot: RunningApp;
  let failing = false;

  beforeAll(async () => {
    fake = await startFakeDirectLine(({ url }) => {
      if (failing) return { status: 500, body: { error: { code: 'ServiceError', message: `internal details ${SECRET}` } } };
      if (url === '/v3/directline/tokens/generate') return { status: 200, body: { conversationId: 'AzureConv-eu', token: 'azure-issued-token', expires_in: 3600 } };
      return { status: 404, body: {} };
    });
    bot = await startTestApp({
      DIRECT_LINE_SECRET: SECRET,
      DIRECT_LINE_ENDPOINT: fake.url,
      DIRECT_LINE_TRUSTED_ORIGINS: 'https://www.atradius.cz, https://atradius.cz',
    });
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });

  it('exchanges the secret for a user-bound Azure token; the secret goes to Direct Line only', async () => {
    const client = new DirectLineTestClient(bot.url);
    const res = await fetch(`${bot.url}/api/directline/token`, { method: 'POST' });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(SECRET);
    const session = JSON.parse(text) as { conversationId: string; token: string; expires_in: number; userId: string; domain: string };
    expect(session).toEqual({ conversationId: 'AzureConv-eu', token: 'azure-issued-token', expires_in: 3600, userId: expect.stringMatching(/^dl_/), domain: `${fake.url}/v3/directline` });

    const call = fake.calls.at(-1)!;
    expect(call).toMatchObject({ method: 'POST', url: '/v3/directline/tokens/generate', authorization: `Bearer ${SECRET}` });
    expect(JSON.parse(call.body)).toEqual({ user: { id: session.userId }, trustedOrigins: ['https://www.atradius.cz', 'https://atradius.cz'] });
    // The local Direct Line is off: the page talks to Azure.
    expect((await client.start(session.token)).status).toBe(404);
  });

  it('serves the page allowed to connect to Azure, without the secret', async () => {
    const res = await fetch(`${bot.url}/`);
    const html = await res.text();
    expect(html).not.toContain(SECRET);
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${new URL(bot.url).port} ${fake.url} ws://127.0.0.1:${new URL(fake.url).port}`);
  });

  it('answers 502 without Azure\'s details when Direct Line fails', async () => {
    failing = true;
    try {
      const res = await fetch(`${bot.url}/api/directline/token`, { method: 'POST' });
      const text = await res.text();
      expect(res.status).toBe(502);
      expect(JSON.parse(text)).toEqual({ error: { code: 'ServiceUnavailable', message: expect.any(String) } });
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('internal details');
    } finally {
      failing = false;
    }
  });
});

describe('DIRECT_LINE_ENDPOINT', () => {
  it('must be https, except on loopback (tests)', () => {
    expect(() => loadConfig({ DIRECT_LINE_ENDPOINT: 'http://directline.example.com' })).toThrow(/DIRECT_LINE_ENDPOINT/);
    expect(loadConfig({ DIRECT_LINE_ENDPOINT: 'http://127.0.0.1:8080' }).DIRECT_LINE_ENDPOINT).toBe('http://127.0.0.1:8080');
    expect(loadConfig({}).DIRECT_LINE_ENDPOINT).toBe('https://directline.botframework.com');
  });

  it('DIRECT_LINE_TOKEN_SECRET must be long enough for HS256', () => {
    expect(() => loadConfig({ DIRECT_LINE_TOKEN_SECRET: 'short' })).toThrow(/DIRECT_LINE_TOKEN_SECRET/);
  });
});
