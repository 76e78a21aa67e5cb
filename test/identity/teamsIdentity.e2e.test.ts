import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../../dialogs/caseStore.js';
import type { RunningApp } from '../helpers/app.js';
import { CLIENT, post, startTeamsBot, startTeamsReceiver, teamsMessage, textsOf, type TeamsReceiver } from '../channels/teams/teamsHelpers.js';

/**
 * Teams: a JWT-validated activity whose tenant and Entra object id are mapped to a client contact
 * in the directory (data/policy-directory.json) is that contact, verified; an unmapped user is not.
 */
const MAPPED_TENANT = '8d1e2c3a-0000-4000-8000-00000000c0de';
const MARTIN = { id: '29:martin-kovar', name: 'Martin Kovář', aadObjectId: '5b0f6a3e-1111-4111-8111-000000000001' };

let bot: RunningApp;
let receiver: TeamsReceiver;
let reference: string;

beforeAll(async () => {
  receiver = await startTeamsReceiver();
  bot = await startTeamsBot();
  const earlier = {
    kind: 'overdue', policyNumber: 'CZ-2024-10001', clientId: 'strojirny-morava', managerId: 'jana.novakova', userId: 'dl_website', language: 'cs', channelId: 'webchat',
    data: { kind: 'overdue', policyNumber: 'CZ-2024-10001', buyer: { name: 'Odběratel', country: 'CZ' }, invoices: [], extension: { granted: false }, collectionSteps: '', disputed: false, contact: { name: 'M' } },
    conversationReference: {}, idempotencyKey: 'teams-identity',
  } as unknown as NewCase;
  reference = (await bot.app.internals.cases.fileCase(earlier, new Date())).record.reference;
});
afterAll(async () => {
  await bot.stop();
  await receiver.close();
});

async function say(text: string, from: typeof MARTIN, conversationId: string, tenant: string): Promise<string> {
  const before = receiver.messages(conversationId).length;
  expect((await post(bot.url, teamsMessage(text, { serviceUrl: receiver.url, conversationId, from, tenant }))).status).toBeLessThan(300);
  await receiver.waitFor(() => receiver.messages(conversationId).length > before, 'a reply');
  return textsOf(receiver, conversationId);
}

describe('a Teams user mapped to a client contact', () => {
  it('sees the client\'s cases, filed on the website, without any further check', async () => {
    expect(await say('Moje případy', MARTIN, 'a:martin', MAPPED_TENANT)).toContain(reference);
  });

  it('is not verified from another tenant with the same object id, nor as an unmapped user', async () => {
    expect(await say('Moje případy', MARTIN, 'a:martin-other-tenant', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee')).not.toContain(reference);
    expect(await say('Moje případy', CLIENT, 'a:unmapped', MAPPED_TENANT)).toMatch(/pošlu jednorázový kód/);
  });
});
