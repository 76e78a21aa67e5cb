import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { messageActivity, startTestApp, type RunningApp } from '../helpers/app.js';
import { pointBotFrameworkMetadataAt, startTestTokenIssuer, type TestTokenIssuer } from '../helpers/jwt.js';
import { startChannelStub, type ChannelStub } from './channelStub.js';
import { guardLoopback, type LoopbackGuard } from './loopbackGuard.js';
import { postRaw } from './rawPost.js';

const APP_ID = '00000000-0000-0000-0000-0000000000aa';
// The only serviceUrl the bot may call (SERVICE_URL_ALLOWLIST); with expectReplies it never does.
const SERVICE_URL = 'http://127.0.0.1:9/';
const HOUR = 3600;

let guard: LoopbackGuard;
let issuer: TestTokenIssuer;
let notAllowed: ChannelStub;
let bot: RunningApp;

beforeAll(async () => {
  guard = guardLoopback();
  issuer = await startTestTokenIssuer();
  notAllowed = await startChannelStub();
  const restore = pointBotFrameworkMetadataAt(issuer.metadataUrl);
  try {
    bot = await startTestApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret', SERVICE_URL_ALLOWLIST: SERVICE_URL });
  } finally {
    restore();
  }
});
afterAll(async () => {
  await bot?.stop();
  await notAllowed?.close();
  await issuer?.close();
  guard?.restore();
});

let conversation = 0;
async function postWithToken(token: string | undefined, overrides: Record<string, unknown> = {}) {
  const body = JSON.stringify(messageActivity('How do I report a claim?', { serviceUrl: SERVICE_URL, conversation: { id: `jwt-${++conversation}` }, ...overrides }));
  // The SDK prints every rejected token with console.error; the status says what matters.
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await postRaw(`${bot.url}/api/messages`, body, { contentType: 'application/json', headers: token ? { authorization: `Bearer ${token}` } : {} });
  } finally {
    quiet.mockRestore();
  }
}

describe('/api/messages with MicrosoftAppId set: Bot Framework JWT validation against a loopback OpenID issuer', () => {
  it('accepts a valid channel token (200 and the answer), having fetched the keys from the loopback issuer', async () => {
    const response = await postWithToken(await issuer.mint(APP_ID, SERVICE_URL));
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/\[1\]/);
    expect(issuer.requests).toEqual(expect.arrayContaining(['/.well-known/openidconfiguration', '/keys']));
  });

  it.each([
    ['no token', async () => undefined],
    ['an expired token (beyond the 5-minute clock tolerance)', () => issuer.mint(APP_ID, SERVICE_URL, { claims: { iat: now() - 2 * HOUR, nbf: now() - 2 * HOUR, exp: now() - HOUR } })],
    ['a token for another bot (wrong audience)', () => issuer.mint(APP_ID, SERVICE_URL, { claims: { aud: '00000000-0000-0000-0000-0000000000bb' } })],
    ['a token from another issuer', () => issuer.mint(APP_ID, SERVICE_URL, { claims: { iss: 'https://login.example.test' } })],
    ['a token signed by a key the issuer does not publish (unknown key id)', () => issuer.mint(APP_ID, SERVICE_URL, { foreignKey: true, kid: 'not-published' })],
    ['a token whose serviceurl claim is not the activity serviceUrl', () => issuer.mint(APP_ID, 'http://127.0.0.1:10/', {})],
    ['a malformed token', async () => 'not.a.jwt'],
  ])('rejects %s with 401 and runs no turn', async (_name, token) => {
    const response = await postWithToken(await token());
    expect(response.status).toBe(401);
    expect(response.text).not.toMatch(/\[1\]/);
  });

  // KNOWN DEFECT: jsonwebtoken's "invalid signature" escapes botframework-connector as a plain
  // Error, which CloudAdapter maps to 500. The request is still refused; only the status is wrong.
  // Fix in bot/adapter.ts: rethrow JsonWebTokenError / NotBeforeError from authenticateRequest as
  // an AuthenticationError (401). Then make this a plain `it`.
  it('rejects a forged token (known key id, wrong signing key) with 401 (was: 500)', async () => {
    const response = await postWithToken(await issuer.mint(APP_ID, SERVICE_URL, { foreignKey: true }));
    expect(response.status).toBe(401);
  });

  it('never reaches beyond loopback while validating (no call to login.botframework.com)', () => {
    expect(guard.blocked).toEqual([]);
  });

  it('never calls a serviceUrl outside SERVICE_URL_ALLOWLIST, even with a valid token for it (403)', async () => {
    const token = await issuer.mint(APP_ID, notAllowed.url);
    const response = await postWithToken(token, { serviceUrl: notAllowed.url, deliveryMode: 'normal' });
    expect(response.status).toBe(403);
    // The refusal comes before the turn, so there is nothing left to send later: the count is final.
    expect(notAllowed.received).toBe(0);
  });
});

function now(): number {
  return Math.floor(Date.now() / 1000);
}
