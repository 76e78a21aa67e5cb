import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import { IdentityResolver } from '../../identity/identityResolver.js';
import { openSqliteStores } from '../../storage/stores.js';
import { tempDir } from '../helpers/app.js';

const NOW = new Date('2026-11-25T10:00:00Z');
const directory = PolicyDirectory.fromFile('data/policy-directory.json');
const MAPPED = { tenantId: '8d1e2c3a-0000-4000-8000-00000000c0de', aadObjectId: '5b0f6a3e-1111-4111-8111-000000000001' };

function setup() {
  const stores = openSqliteStores(tempDir('resolver-'));
  const resolver = new IdentityResolver({ directory, identities: stores.identities, now: () => NOW, verifiedForSeconds: 3600 });
  return { stores, resolver };
}

const teamsActivity = (tenantId: string, aadObjectId: string) => ({
  channelId: 'msteams',
  from: { id: '29:teams-user', name: 'Martin', aadObjectId },
  conversation: { id: 'a:1', tenantId, conversationType: 'personal', isGroup: false, name: '' },
});

describe('who an activity comes from', () => {
  it('verifies a Teams user whose validated activity carries a mapped tenant and object id (ids compared without case)', async () => {
    const { resolver } = setup();
    expect(await resolver.resolve(teamsActivity(MAPPED.tenantId.toUpperCase(), MAPPED.aadObjectId), true)).toMatchObject({
      clientId: 'strojirny-morava',
      contact: { name: 'Martin Kovář', email: 'martin.kovar@strojirny-morava.example' },
      method: 'teams',
      expiresAt: '2026-11-25T11:00:00.000Z',
    });
  });

  it('leaves a Teams user unverified when the token was not validated, or the account is not mapped', async () => {
    const { resolver } = setup();
    expect(await resolver.resolve(teamsActivity(MAPPED.tenantId, MAPPED.aadObjectId), false)).toBeUndefined();
    expect(await resolver.resolve(teamsActivity(MAPPED.tenantId, 'another-object-id'), true)).toBeUndefined();
    expect(await resolver.resolve(teamsActivity('another-tenant', MAPPED.aadObjectId), true)).toBeUndefined();
  });

  it('finds a binding only for its channel, user and conversation, and only until it expires', async () => {
    const { stores, resolver } = setup();
    const client = { clientId: 'bohemia-textil', contact: { email: 'lucie.dvorakova@bohemia-textil.example' }, method: 'portal' as const, verifiedAt: NOW.toISOString(), expiresAt: '2026-11-25T10:30:00.000Z' };
    await stores.identities.bind({ channelId: 'webchat', userId: 'dl_u', conversationId: 'c-1', client });
    const activity = (overrides: Record<string, unknown> = {}) => ({ channelId: 'webchat', from: { id: 'dl_u' }, conversation: { id: 'c-1' }, ...overrides }) as never;
    expect(await resolver.resolve(activity(), false)).toEqual(client);
    expect(await resolver.resolve(activity({ conversation: { id: 'c-2' } }), false)).toBeUndefined();
    expect(await resolver.resolve(activity({ channelId: 'directline' }), false)).toBeUndefined();
    expect(await resolver.resolve(activity({ from: { id: 'dl_other' } }), false)).toBeUndefined();
    const later = new IdentityResolver({ directory, identities: stores.identities, now: () => new Date('2026-11-25T10:31:00Z'), verifiedForSeconds: 3600 });
    expect(await later.resolve(activity(), false)).toBeUndefined();
  });

  it('refuses a directory that maps one Teams account to two contacts', () => {
    const file = JSON.parse(fs.readFileSync('data/policy-directory.json', 'utf8')) as { clients: { contacts: unknown[] }[] };
    file.clients[1]!.contacts.push({ name: 'Copy', email: 'copy@example.com', teams: MAPPED });
    expect(() => new PolicyDirectory(file as never)).toThrow(/Teams account already mapped to strojirny-morava/);
  });
});
