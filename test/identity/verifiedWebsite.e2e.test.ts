import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../../dialogs/caseStore.js';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { chatOver, DirectLineTestClient, type Session } from '../channels/webchat/helpers/directLineClient.js';
import { TEST_TOKEN_SECRET } from '../channels/webchat/helpers/webChannelHarness.js';
import { askOnce, portalSession } from '../../examples/portalToken.js';

/**
 * The website behind the client portal's sign-in, through the real server: the portal's server
 * exchanges a signed assertion for a Direct Line token, and that conversation sees the client's
 * cases — including one filed from another device — while an anonymous visitor who types the
 * client's policy number sees nothing about it.
 */
const PORTAL_SECRET = 'portal-shared-secret-of-at-least-32-chars';
const AUDIENCE = 'credit-insurance-support-bot';
// Wednesday 10:00 in Prague: the manager is at work, whatever time the suite runs (the handoff
// test failed after 17:00 on the real clock). The portal signs its assertions at the same time.
const NOW = Date.parse('2026-11-25T09:00:00Z');

let bot: RunningApp;
let client: DirectLineTestClient;
let filedElsewhere: string;

beforeAll(async () => {
  bot = await startTestApp({ DIRECT_LINE_TOKEN_SECRET: TEST_TOKEN_SECRET, PORTAL_ASSERTION_SECRET: PORTAL_SECRET, PORTAL_ASSERTION_AUDIENCE: AUDIENCE }, { clock: { now: () => new Date(NOW) } });
  client = new DirectLineTestClient(bot.url);
  // Filed earlier by the same client, from another device (another channel user entirely).
  const earlier: NewCase = {
    kind: 'overdue',
    policyNumber: 'CZ-2024-10001',
    clientId: 'strojirny-morava',
    managerId: 'jana.novakova',
    userId: 'dl_another-device',
    language: 'cs',
    channelId: 'webchat',
    data: {
      kind: 'overdue',
      policyNumber: 'CZ-2024-10001',
      buyer: { name: 'Odběratel Brno s.r.o.', country: 'CZ', registrationNumber: '27074358' },
      invoices: [{ number: 'FV-2026-118', issueDate: '2026-08-01', dueDate: '2026-09-01', amount: 125000, currency: 'CZK' }],
      extension: { granted: false },
      collectionSteps: 'two reminders',
      disputed: false,
      contact: { name: 'Martin Kovář', email: 'martin.kovar@strojirny-morava.example' },
    } as NewCase['data'],
    conversationReference: { conversation: { id: 'earlier-conversation' } } as NewCase['conversationReference'],
    idempotencyKey: 'earlier-device',
  };
  filedElsewhere = (await bot.app.internals.cases.fileCase(earlier, new Date('2026-11-20T10:00:00Z'))).record.reference;
});
afterAll(() => bot.stop());

function portalAssertion(overrides: { secret?: string; audience?: string; jti?: string; sub?: string } = {}): Promise<string> {
  const now = Math.floor(NOW / 1000);
  return new SignJWT({ email: 'martin.kovar@strojirny-morava.example', name: 'Martin Kovář' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(overrides.sub ?? 'strojirny-morava')
    .setAudience(overrides.audience ?? AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .setJti(overrides.jti ?? crypto.randomUUID())
    .sign(new TextEncoder().encode(overrides.secret ?? PORTAL_SECRET));
}

const converse = (session: Session) => chatOver(client, session);

describe('the portal exchange', () => {
  it.each<[string, () => Promise<string>]>([
    ['forged', () => portalAssertion({ secret: 'someone-elses-secret-that-is-long-enough' })],
    ['for another audience', () => portalAssertion({ audience: 'another-bot' })],
    ['for an unknown client', () => portalAssertion({ sub: 'no-such-client' })],
  ])('answers 401 to a %s assertion and issues nothing', async (_label, make) => {
    const result = await client.requestSession(await make());
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(JSON.stringify(result.body)).not.toMatch(/token"|conversationId/);
  });

  it('answers 401 to a replayed assertion', async () => {
    const assertion = await portalAssertion();
    expect((await client.requestSession(assertion)).status).toBe(200);
    expect((await client.requestSession(assertion)).status).toBe(401);
  });

  it('still serves anonymous visitors without an assertion', async () => {
    expect((await client.requestSession()).status).toBe(200);
  });
});

describe('a verified website client', () => {
  it('sees "my cases" with the case filed from another device, and what was filed', async () => {
    const say = await converse(await client.session(await portalAssertion()));
    const list = await say('Show me my cases');
    expect(list).toMatch(/You have 1 case/);
    expect(list).toContain(filedElsewhere);
    const details = await say(`What is the status of ${filedElsewhere}?`);
    expect(details).toMatch(/current status — filed/);
    expect(details).toMatch(/What you filed:[\s\S]*Odběratel Brno s\.r\.o\.[\s\S]*FV-2026-118/);
  });

  it('is handed to the named manager without being asked for a policy number; the ticket says how they were verified', async () => {
    const say = await converse(await client.session(await portalAssertion()));
    expect(await say('I want to talk to a person')).toMatch(/handing you over to your customer-service manager, Jana Nováková/);
    const tickets = await bot.app.internals.handoff.listFor({ id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] }, ['waiting']);
    expect(tickets.find((t) => t.clientIdentity === 'verified')).toMatchObject({ clientId: 'strojirny-morava', verification: { method: 'portal', contactName: 'Martin Kovář' } });
  });
});

describe('an anonymous visitor', () => {
  it('types the client\'s policy number, cancels, asks for the case: nothing is revealed', async () => {
    const say = await converse(await client.session());
    await say('I want to notify an overdue invoice');
    await say('CZ-2024-10001');
    await say('cancel');
    await say('yes');
    const reply = await say(`What is the status of ${filedElsewhere}?`);
    expect(reply).toMatch(/I cannot find a case/);
    expect(reply).not.toMatch(/Odběratel|FV-2026-118|Strojírny|Jana/);
    expect(await say('Show me my cases')).toMatch(/one-time code to the e-mail address we have registered for your policy/);
  });

  it('is handed over without learning the manager\'s name', async () => {
    const say = await converse(await client.session());
    await say('I want to talk to a person');
    const handed = await say('CZ-2024-10001');
    expect(handed).toMatch(/handing you over to our customer-service team/);
    expect(handed).not.toMatch(/Jana|Nováková/);
  });
});

describe('the runnable portal example (examples/portalToken.ts)', () => {
  it('opens a verified conversation that lists the client\'s cases', async () => {
    const session = await portalSession({ botUrl: bot.url, secret: PORTAL_SECRET, audience: AUDIENCE }, { clientId: 'strojirny-morava', email: 'martin.kovar@strojirny-morava.example' });
    expect(await askOnce(session, 'Show me my cases')).toContain(filedElsewhere);
  });
});

describe('a verified client reporting', () => {
  it('finds the form pre-filled with their policy and contact, and is not asked for them', async () => {
    const say = await converse(await client.session(await portalAssertion()));
    const start = await say('I want to notify an overdue invoice');
    expect(start).toMatch(/Policy: CZ-2024-10001/);
    expect(start).toMatch(/Contact person: Martin Kovář, martin\.kovar@strojirny-morava\.example/);
    expect(start).not.toMatch(/policy number/i);
  });
});
