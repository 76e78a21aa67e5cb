import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { ConnectorClient } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { citationEntity } from '../../../dialogs/answers/citations.js';
import { sqliteMigrations } from '../../../storage/sqlite/migrations.js';
import { openSqlite } from '../../../storage/sqlite/sqliteDatabase.js';
import { SqliteStaffConversations } from '../../../storage/sqlite/sqliteStaffConversations.js';
import { keepEntityPropertiesInConnectorRequests } from '../../../bot/connectorEntities.js';
import { staffActionOf } from '../../../channels/teams/handoffCard.js';
import { isAddressedToBot, stripBotMention, teamsScope, tenantOf } from '../../../channels/teams/teamsActivity.js';
import { fitCitationsForTeams } from '../../../channels/teams/teamsCitations.js';
import { TeamsStaffDirectory, personalChatReference } from '../../../channels/teams/teamsStaff.js';
import { PolicyDirectory } from '../../../dialogs/policyDirectory.js';
import { BOT, JANA, teamsMessage } from './teamsHelpers.js';

const where = { serviceUrl: 'http://127.0.0.1:9', conversationId: '19:c@thread.tacv2' };

describe('Teams activity helpers', () => {
  it('reads the scope and the tenant (channelData first, then the conversation)', () => {
    const channel = teamsMessage('hi', { ...where, conversationType: 'channel' }) as Partial<Activity>;
    expect(teamsScope(channel)).toBe('channel');
    expect(teamsScope({ channelId: 'msteams', conversation: { id: 'x' } } as Partial<Activity>)).toBe('personal');
    expect(tenantOf({ channelData: { tenant: { id: 'ABC' } }, conversation: { tenantId: 'other' } } as unknown as Partial<Activity>)).toBe('abc');
    expect(tenantOf({ conversation: { tenantId: 'XYZ' } } as Partial<Activity>)).toBe('xyz');
    expect(tenantOf({} as Partial<Activity>)).toBeUndefined();
  });

  it('in channels and group chats, reads only messages that mention the bot, or card submits', () => {
    expect(isAddressedToBot(teamsMessage('hi', { ...where, conversationType: 'channel' }) as Partial<Activity>)).toBe(false);
    expect(isAddressedToBot(teamsMessage('hi', { ...where, conversationType: 'channel', mention: true }) as Partial<Activity>)).toBe(true);
    expect(isAddressedToBot(teamsMessage(undefined, { ...where, conversationType: 'groupChat', value: { action: 'confirm' } }) as Partial<Activity>)).toBe(true);
    expect(isAddressedToBot(teamsMessage('hi', { ...where, conversationType: 'personal' }) as Partial<Activity>)).toBe(true);
    // Mentioning someone else is not mentioning the bot.
    const other = { ...teamsMessage('<at>Jana</at> hi', { ...where, conversationType: 'channel' }), entities: [{ type: 'mention', text: '<at>Jana</at>', mentioned: { id: JANA.id, name: 'Jana' } }] };
    expect(isAddressedToBot(other as Partial<Activity>)).toBe(false);
  });

  it('removes the bot mention before the text is understood', () => {
    const activity = teamsMessage('Jak mám nahlásit škodu?', { ...where, conversationType: 'channel', mention: true }) as Partial<Activity>;
    expect(activity.text).toBe(`<at>${BOT.name}</at> Jak mám nahlásit škodu?`);
    stripBotMention(activity);
    expect(activity.text).toBe('Jak mám nahlásit škodu?');
  });

  it('recognises a manager by Teams user id or Entra object id, and stores a reference that is no reply', () => {
    const staff = new TeamsStaffDirectory(PolicyDirectory.fromFile('data/policy-directory.json'));
    const fromJana = teamsMessage('hi', { ...where, from: JANA }) as Partial<Activity>;
    expect(staff.managerOf(fromJana)?.id).toBe('jana.novakova');
    expect(staff.managerOf({ ...fromJana, from: { id: '29:someone-else', name: 'X', aadObjectId: '29:DEMO-PETR-SVOBODA' } })?.id).toBe('petr.svoboda');
    expect(staff.managerOf({ ...fromJana, channelId: 'webchat' })).toBeUndefined();
    expect(staff.staffMember(staff.managerOf(fromJana)!)).toEqual({ id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] });
    const reference = personalChatReference({ ...fromJana, conversation: { id: 'a:1', conversationType: 'personal', isGroup: false, name: '' } })!;
    expect(reference).not.toHaveProperty('activityId');
    expect(reference.conversation?.tenantId).toBeDefined();
    expect(personalChatReference(teamsMessage('hi', { ...where, conversationType: 'channel' }) as Partial<Activity>)).toBeUndefined();
  });

  it('reads staff buttons from a verb or from submitted data, and nothing else', () => {
    expect(staffActionOf('handoff.accept', { ticketId: 'HO-1A2B3C4D' })).toEqual({ handoffAction: 'accept', ticketId: 'HO-1A2B3C4D' });
    expect(staffActionOf(undefined, { handoffAction: 'end', ticketId: 'HO-1A2B3C4D' })).toEqual({ handoffAction: 'end', ticketId: 'HO-1A2B3C4D' });
    expect(staffActionOf('confirm', { action: 'confirm', formId: 'f' })).toBeUndefined();
    expect(staffActionOf('handoff.delete', { ticketId: 'HO-1A2B3C4D' })).toBeUndefined();
    expect(staffActionOf('handoff.accept', { ticketId: '../../etc' })).toBeUndefined();
  });
});

describe('citations for Teams', () => {
  it('keeps names within 80 characters and keywords within three of 28', () => {
    const entity = citationEntity([
      { position: 1, title: 'Online portál Atrium a Atradius Insights — přístup, role a časté potíže', source: 'cs/online-portal-atrium-and-insights.md', docId: 'd', lang: 'cs', headings: ['Jak získat přístup k portálu Atrium pro další uživatele firmy'], passage: 'Text. '.repeat(80), score: 1 },
    ]);
    const fitted = fitCitationsForTeams({ type: 'message', text: 'A [1]', entities: [entity] });
    const appearance = (fitted.entities![0]!.citation as { appearance: { name: string; abstract: string; keywords: string[] } }[])[0]!.appearance;
    expect(appearance.name.length).toBeLessThanOrEqual(80);
    expect(appearance.abstract.length).toBeLessThanOrEqual(160);
    expect(appearance.keywords).toEqual(['online-portal-atrium-and-ins']);
    // The original entity (shared with Web Chat) is not changed.
    expect((entity.citation as { appearance: { keywords: string[] } }[])[0]!.appearance.keywords).toEqual(['cs/online-portal-atrium-and-insights.md']);
  });
});

describe('Bot Connector serialization of entities (botbuilder 4.23 defect)', () => {
  it('drops the citation entity\'s fields without the fix, keeps them with it', async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const noCredentials = { signRequest: async <T>(resource: T) => resource };
      const client = new ConnectorClient(noCredentials, { baseUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const entity = citationEntity([{ position: 1, title: 'Contacts', source: 'en/contacts.md', docId: 'c', lang: 'en', headings: [], passage: 'Head office.', score: 1 }]);
      const activity = { type: 'message', text: 'Call us [1]', entities: [entity, { type: 'mention', text: '<at>Jana</at>', mentioned: { id: '29:j', name: 'Jana' } }] } as Partial<Activity>;

      // Nothing in this test file creates an adapter, so the fix is not applied yet. If this
      // first assertion starts failing, botbuilder fixed the defect and the fix can go.
      await client.conversations.sendToConversation('c1', activity as Activity);
      expect(JSON.parse(bodies[0]!).entities[0]).toEqual({ type: 'https://schema.org/Message' });

      keepEntityPropertiesInConnectorRequests();
      keepEntityPropertiesInConnectorRequests(); // idempotent
      await client.conversations.replyToActivity('c1', 'a1', activity as Activity);
      const sent = JSON.parse(bodies[1]!).entities;
      expect(sent[0]).toEqual(JSON.parse(JSON.stringify(entity)));
      expect(sent[1]).toEqual({ type: 'mention', text: '<at>Jana</at>', mentioned: { id: '29:j', name: 'Jana' } });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('SqliteStaffConversations', () => {
  it('creates, refreshes, reads and removes a manager\'s conversation reference', async () => {
    const store = new SqliteStaffConversations(openSqlite(':memory:', sqliteMigrations));
    const reference = { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '', tenantId: 't' } };
    expect(await store.save('jana.novakova', reference, new Date('2026-11-25T09:00:00Z'))).toBe('created');
    expect(await store.save('jana.novakova', { ...reference, serviceUrl: 'https://smba.trafficmanager.net/emea2/' }, new Date('2026-11-25T10:00:00Z'))).toBe('updated');
    expect((await store.get('jana.novakova'))?.serviceUrl).toBe('https://smba.trafficmanager.net/emea2/');
    expect(await store.get('petr.svoboda')).toBeUndefined();
    await store.remove('jana.novakova');
    expect(await store.get('jana.novakova')).toBeUndefined();
  });
});
