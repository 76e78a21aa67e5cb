import { Writable } from 'node:stream';
import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import type { HandoffService } from '../../../handoff/handoffService.js';
import type { HandoffStore, HandoffTicket, RelayMessage } from '../../../handoff/types.js';
import { TeamsStaffRelay } from '../../../channels/teams/staffRelay.js';
import { MemoryStaffConversations } from '../../../channels/teams/staffConversations.js';
import { TeamsStaffDirectory } from '../../../channels/teams/teamsStaff.js';
import { PolicyDirectory } from '../../../dialogs/policyDirectory.js';

const directory = PolicyDirectory.fromFile('data/policy-directory.json');

function ticket(overrides: Partial<HandoffTicket> = {}): HandoffTicket {
  const at = '2026-11-25T09:00:00.000Z';
  return {
    id: 'HO-TEST0001',
    status: 'waiting',
    conversationId: 'web-1',
    channelId: 'webchat',
    userId: 'client-1',
    language: 'cs',
    reason: 'requested',
    policyNumber: 'CZ-2023-20417',
    clientId: 'bohemia-textil',
    clientName: 'Bohemia Textil s.r.o.',
    managerId: 'petr.svoboda',
    assignedTo: 'petr.svoboda',
    team: 'cz-service',
    summary: 'Reason: requested.',
    transcript: [],
    conversationReference: { conversation: { id: 'web-1', isGroup: false, conversationType: '', name: '' } },
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'waiting', at, by: 'bot' }],
    ...overrides,
  };
}

/** The relay with a recording adapter and a log captured line by line. */
function relayUnderTest(relayEnabled = true, handoffStore = {} as HandoffStore) {
  const sent: { conversationId: string | undefined; activities: Partial<Activity>[] }[] = [];
  const channel = { down: false };
  const adapter = {
    async continueConversationAsync(_appId: string, reference: Partial<ConversationReference>, logic: (context: unknown) => Promise<void>) {
      if (channel.down) throw new Error('connect ECONNREFUSED');
      await logic({ sendActivities: async (activities: Partial<Activity>[]) => sent.push({ conversationId: reference.conversation?.id, activities }) });
    },
  } as unknown as CloudAdapter;
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  );
  const conversations = new MemoryStaffConversations();
  const relay = new TeamsStaffRelay({
    adapter,
    appId: '',
    staff: new TeamsStaffDirectory(directory),
    directory,
    conversations,
    handoff: {} as HandoffService,
    handoffStore,
    clock: { now: () => new Date('2026-11-25T09:00:00Z') },
    logger,
    relayEnabled,
  });
  const install = (staffId: string) => conversations.save(staffId, { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9', conversation: { id: `a:${staffId}`, isGroup: false, conversationType: 'personal', name: '' } });
  return { relay, sent, lines, install, channel };
}

describe('TeamsStaffRelay notifications', () => {
  it('logs, with the manager id, that a manager without the app is reached only through the staff page', async () => {
    const { relay, sent, lines } = relayUnderTest();
    await relay.onTicketChanged(ticket(), 'route');
    await relay.idle();
    expect(sent).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ managerId: 'petr.svoboda', ticket: 'HO-TEST0001', msg: expect.stringMatching(/has not installed the Teams app/) }));
  });

  it('sends the card to the manager the ticket is routed to', async () => {
    const { relay, sent, install } = relayUnderTest();
    await install('petr.svoboda');
    await relay.onTicketChanged(ticket(), 'created');
    await relay.onTicketChanged(ticket(), 'route');
    await relay.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversationId).toBe('a:petr.svoboda');
    expect(JSON.stringify(sent[0]!.activities)).toContain('Bohemia Textil s.r.o.');
  });

  it('a ticket in the team queue goes to every manager of the team who installed the app', async () => {
    const { relay, sent, lines, install } = relayUnderTest();
    await install('jana.novakova');
    await install('eva.dvorakova');
    await relay.onTicketChanged(ticket({ assignedTo: 'team:cz-service' }), 'route');
    await relay.idle();
    expect(sent.map((s) => s.conversationId).sort()).toEqual(['a:eva.dvorakova', 'a:jana.novakova']);
    expect(JSON.stringify(sent[0]!.activities)).toContain('Klient čeká na tým');
    // Petr (same team) has no app: logged; Marek (another team) is not asked at all.
    expect(lines.map((l) => l.managerId)).toEqual(['petr.svoboda']);
  });

  it('a callback request is a card too, with the time, phone and topic', async () => {
    const { relay, sent, install } = relayUnderTest();
    await install('petr.svoboda');
    await relay.onTicketChanged(ticket({ status: 'callback', callback: { preferredTime: 'zítra v 10', phone: '+420601123456', topic: 'Limit' } }), 'callback_requested');
    await relay.idle();
    const card = JSON.stringify(sent[0]!.activities);
    expect(card).toContain('Klient žádá o zpětné zavolání');
    expect(card).toContain('+420601123456');
  });

  it('sends nothing in HANDOFF_MODE=protocol (an agent hub takes the tickets)', async () => {
    const { relay, sent, install } = relayUnderTest(false);
    await install('petr.svoboda');
    await relay.onTicketChanged(ticket(), 'route');
    await relay.idle();
    expect(sent).toEqual([]);
  });
});

describe('TeamsStaffRelay relay to the manager', () => {
  it('keeps a client message queued while Teams is unreachable and delivers it on the next sweep', async () => {
    const connected = ticket({ status: 'connected', acceptedBy: 'petr.svoboda', acceptedAt: '2026-11-25T09:01:00.000Z' });
    const queue: RelayMessage[] = [{ id: 1, ticketId: connected.id, direction: 'to_manager', author: 'client', text: 'Jsem tady', at: '2026-11-25T09:02:00.000Z' }];
    const store = {
      get: async () => connected,
      list: async () => [connected],
      undelivered: async () => queue.filter((m) => !m.deliveredAt),
      markDelivered: async (ids: number[], at: string) => queue.filter((m) => ids.includes(m.id)).forEach((m) => (m.deliveredAt = at)),
    } as unknown as HandoffStore;
    const { relay, sent, lines, install, channel } = relayUnderTest(true, store);
    await install('petr.svoboda');

    channel.down = true;
    await relay.onClientMessage(connected, queue[0]!);
    await relay.idle();
    expect(sent).toEqual([]);
    expect(queue[0]!.deliveredAt).toBeUndefined();
    expect(lines.some((l) => /retried/.test(String(l.msg)))).toBe(true);

    channel.down = false;
    await relay.sweep();
    await relay.idle();
    expect(sent.flatMap((s) => s.activities.map((a) => a.text))).toEqual(['Bohemia Textil s.r.o.: Jsem tady']);
    expect(queue[0]!.deliveredAt).toBeDefined();
  });
});
