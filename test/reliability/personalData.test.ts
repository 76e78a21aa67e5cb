import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/app.js';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { messageActivity, postActivity, tempDir } from '../helpers/app.js';

// Personal data in what clients write must not end up in the logs (IČO, e-mails, phones, IBANs).
const PII = ['27074358', 'jan.novak@acme.cz', '+420 601 123 456', 'CZ65 0800 0000 1920 0014 5399'];

let app: App;
let url: string;
const lines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', DATA_DIR: tempDir(), RATE_LIMIT_PER_IP_PER_MINUTE: '100000', RATE_LIMIT_PER_USER_PER_MINUTE: '100000', DEV_ALLOW_ANONYMOUS_MESSAGES: 'true', ARES_URL: '' });
  app = createApp(config, { logger: createLogger('debug', sink) });
  const { port } = await app.start();
  url = `http://127.0.0.1:${port}`;
});
afterAll(async () => app?.stop());

describe('personal data', () => {
  it('keeps IČO, e-mail, phone and IBAN out of the logs, through questions, a report and a handoff', async () => {
    const conversation = { id: 'pii-1' };
    const say = (text: string) => postActivity(url, messageActivity(text, { conversation, from: { id: 'pii-user' } }));
    await say(`My IČO is ${PII[0]}, e-mail ${PII[1]}, phone ${PII[2]}, IBAN ${PII[3]}. How do I report a claim?`);
    for (const text of ['I want to notify an overdue invoice', 'CZ-2024-10001', 'ACME s.r.o.', 'CZ', PII[0]!, 'skip', 'F-1', '2026-09-01', '2026-10-01', '100 EUR', 'all', 'no', 'no', `called ${PII[2]}`, 'no', 'Jan Novák', PII[1]!]) {
      await say(text);
    }
    await say('Confirm');
    await say(`Please call me at ${PII[2]} or write to ${PII[1]}`);
    const logs = lines.join('');
    expect(logs.length).toBeGreaterThan(1000);
    for (const value of PII) expect(logs).not.toContain(value);
    expect(logs).not.toContain(PII[2]!.replace(/\s/g, ''));
  });

  it('erases a user\'s transcript and conversation state on a deleteUserData activity', async () => {
    const conversation = { id: 'pii-2' };
    await postActivity(url, messageActivity('How do I report a claim?', { conversation, from: { id: 'leaving-user' } }));
    const stores = app.internals.stores;
    expect((await stores.transcripts.recentMessages('test', 'pii-2')).length).toBeGreaterThan(0);
    const { status } = await postActivity(url, { ...messageActivity(undefined, { conversation, from: { id: 'leaving-user' } }), type: 'deleteUserData' });
    expect(status).toBeLessThan(300);
    expect(await stores.transcripts.recentMessages('test', 'pii-2')).toEqual([]);
    expect(Object.keys(await stores.state.read(['test/conversations/pii-2/']))).toEqual([]);
    expect((await stores.privacy.audit(5))[0]).toMatchObject({ action: 'erase', subject: 'user:leaving-user', actor: 'channel:test' });
  });

  it('erases only the caller\'s own state when the ids are LIKE wildcards (deleteUserData from "%" in "%")', async () => {
    // Other clients' conversations, with state.
    for (const id of ['victim-1', 'victim-2']) await postActivity(url, messageActivity('How do I report a claim?', { conversation: { id }, from: { id: `user-${id}` } }));
    const stores = app.internals.stores;
    const victimKeys = ['test/conversations/victim-1/', 'test/conversations/victim-2/'];
    expect(Object.keys(await stores.state.read(victimKeys))).toHaveLength(2);
    // The attacker talks in conversation "%" as user "%", then asks for "their" data to be deleted.
    const attacker = { conversation: { id: '%' }, from: { id: '%' } };
    await postActivity(url, messageActivity('How do I report a claim?', attacker));
    const { status } = await postActivity(url, { ...messageActivity(undefined, attacker), type: 'deleteUserData' });
    expect(status).toBeLessThan(300);
    expect(Object.keys(await stores.state.read(victimKeys))).toHaveLength(2);
    expect((await stores.transcripts.recentMessages('test', 'victim-1')).length).toBeGreaterThan(0);
    expect(Object.keys(await stores.state.read(['test/conversations/%/']))).toEqual([]);
  });
});
