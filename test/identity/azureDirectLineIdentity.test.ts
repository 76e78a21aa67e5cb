import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../../dialogs/caseStore.js';
import { portalSession } from '../../examples/portalToken.js';
import { messageActivity, type RunningApp } from '../helpers/app.js';
import { startChannelReceiver } from '../helpers/channelReceiver.js';
import { channelAuthorization, startVerifiedTestApp } from '../helpers/verifiedApp.js';

/**
 * Production mode with Azure Direct Line: the portal's assertion is exchanged for an Azure
 * token whose user the bot chose, and that user (in that conversation) is verified on every
 * activity Azure posts — signed — to /api/messages. The same activity from any other user or
 * conversation is not.
 */
const PORTAL_SECRET = 'portal-shared-secret-of-at-least-32-chars';
const AUDIENCE = 'credit-insurance-support-bot';

let azure: http.Server;
const generated: { user?: { id?: string } }[] = [];
let bot: RunningApp;
let receiver: Awaited<ReturnType<typeof startChannelReceiver>>;
let reference: string;

beforeAll(async () => {
  azure = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      generated.push(JSON.parse(body || '{}') as { user?: { id?: string } });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ conversationId: `AzureConv-${generated.length}`, token: 'azure-issued-token', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => azure.listen(0, '127.0.0.1', resolve));
  receiver = await startChannelReceiver();
  bot = await startVerifiedTestApp({
    DIRECT_LINE_SECRET: 'azure-direct-line-secret',
    DIRECT_LINE_ENDPOINT: `http://127.0.0.1:${(azure.address() as AddressInfo).port}`,
    PORTAL_ASSERTION_SECRET: PORTAL_SECRET,
    PORTAL_ASSERTION_AUDIENCE: AUDIENCE,
  });
  const earlier = {
    kind: 'claim', policyNumber: 'CZ-2024-10001', clientId: 'strojirny-morava', managerId: 'jana.novakova', userId: 'dl_elsewhere', language: 'en', channelId: 'webchat',
    data: { kind: 'claim', policyNumber: 'CZ-2024-10001', buyer: { name: 'B', country: 'CZ' }, invoices: [], extension: { granted: false }, collectionSteps: '', disputed: false, contact: { name: 'M' }, cause: 'insolvency', startCollection: false, attachments: [] },
    conversationReference: {}, idempotencyKey: 'azure-identity',
  } as unknown as NewCase;
  reference = (await bot.app.internals.cases.fileCase(earlier, new Date())).record.reference;
});
afterAll(async () => {
  await bot.stop();
  await receiver.close();
  await new Promise((resolve) => azure.close(resolve));
});

async function ask(text: string, from: string, conversation: string): Promise<string> {
  const activity = messageActivity(text, { channelId: 'directline', locale: 'en-US', deliveryMode: 'normal', serviceUrl: receiver.url, from: { id: from }, conversation: { id: conversation } });
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await channelAuthorization(bot.url, activity)) }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  const reply = await receiver.waitFor((r) => r.conversationId === conversation && r.activity.type === 'message' && (r.activity as { replyToId?: string }).replyToId === activity.id);
  return reply.activity.text ?? '';
}

describe('a verified client over Azure Direct Line', () => {
  it('binds the verified client to the user id the bot put into the Azure token, in that conversation only', async () => {
    const session = await portalSession({ botUrl: bot.url, secret: PORTAL_SECRET, audience: AUDIENCE }, { clientId: 'strojirny-morava', email: 'martin.kovar@strojirny-morava.example' });
    expect(generated.at(-1)?.user?.id).toBe(session.userId);
    expect(await ask('Show me my cases', session.userId, session.conversationId)).toContain(reference);
    // Another user in that conversation, or that user in another conversation: not verified.
    expect(await ask('Show me my cases', 'dl_someone-else', session.conversationId)).not.toContain(reference);
    expect(await ask('Show me my cases', session.userId, 'AzureConv-other')).not.toContain(reference);
  });
});
