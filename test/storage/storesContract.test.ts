import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../../storage/stores.js';
import { openSqliteStores } from '../../storage/stores.js';
import { openPostgresStores } from '../../storage/postgres/pgStores.js';
import { ETagConflictError } from '../../storage/errors.js';
import { createLogger } from '../../platform/logger.js';
import type { NewCase } from '../../dialogs/caseStore.js';
import type { HandoffTicket } from '../../handoff/types.js';
import { tempDir } from '../helpers/app.js';
import { postgresSkipReason, scratchSchema, type ScratchSchema } from '../helpers/postgres.js';

/**
 * One contract, run against SQLite and PostgreSQL (ideas from botbuilder-core's storage base
 * tests): unknown keys, eTag conflicts and "*", batches, odd keys, large documents — plus the
 * case, handoff, dedupe and transcript stores.
 */
const pgSkip = postgresSkipReason();
let scratch: ScratchSchema | undefined;

const backends: { name: string; open: () => Promise<Stores>; skip?: string }[] = [
  { name: 'sqlite', open: async () => openSqliteStores(tempDir('contract-')) },
  {
    name: 'postgres',
    skip: pgSkip,
    open: async () => {
      scratch ??= await scratchSchema();
      return openPostgresStores({ url: scratch.url, schema: scratch.schema, poolMax: 5, logger: createLogger('silent') });
    },
  },
];

afterAll(async () => scratch?.drop());

const newCase = (key: string, clientId = 'client-x'): NewCase => ({
  kind: 'overdue',
  policyNumber: 'CZ-2024-10001',
  clientId,
  managerId: 'jana.novakova',
  userId: 'user-1',
  language: 'cs',
  channelId: 'test',
  data: { kind: 'overdue' } as never,
  conversationReference: { conversation: { id: 'conv-1' } } as never,
  idempotencyKey: key,
});

const ticket = (id: string, status: HandoffTicket['status'] = 'waiting'): HandoffTicket => ({
  id,
  status,
  conversationId: `conv-${id}`,
  channelId: 'test',
  userId: 'user-1',
  language: 'en',
  reason: 'requested',
  clientId: 'client-x',
  assignedTo: 'jana.novakova',
  team: 'cz-service',
  summary: 's',
  transcript: [],
  conversationReference: {},
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
  history: [],
});

describe.each(backends)('storage contract: $name', ({ open, skip }) => {
  let stores: Stores;
  beforeAll(async () => {
    if (skip) return;
    stores = await open();
    await stores.ready();
  });
  afterAll(async () => stores?.close());

  describe.skipIf(!!skip)('botbuilder Storage', () => {
    it('reads nothing for unknown keys, including an empty key list', async () => {
      expect(await stores.state.read(['nope'])).toEqual({});
      expect(await stores.state.read([])).toEqual({});
    });

    it('writes, reads with an eTag, deletes', async () => {
      await stores.state.write({ a: { n: 1 }, b: { n: 2 } });
      const items = await stores.state.read(['a', 'b', 'c']);
      expect(Object.keys(items).sort()).toEqual(['a', 'b']);
      expect(items.a).toMatchObject({ n: 1, eTag: expect.any(String) });
      await stores.state.delete(['a', 'c']);
      expect(Object.keys(await stores.state.read(['a', 'b']))).toEqual(['b']);
    });

    it('accepts the current eTag, rejects a stale one, and "*" always wins', async () => {
      await stores.state.write({ k: { v: 1 } });
      const first = (await stores.state.read(['k'])).k;
      await stores.state.write({ k: { ...first, v: 2 } });
      await expect(stores.state.write({ k: { ...first, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
      expect((await stores.state.read(['k'])).k).toMatchObject({ v: 2 });
      await stores.state.write({ k: { v: 4, eTag: '*' } });
      expect((await stores.state.read(['k'])).k).toMatchObject({ v: 4 });
    });

    it('writes a new key even when given an eTag (as botbuilder\'s stores do)', async () => {
      await stores.state.write({ fresh: { v: 1, eTag: 'anything' } });
      expect((await stores.state.read(['fresh'])).fresh).toMatchObject({ v: 1 });
    });

    it('leaves a batch unwritten when one key conflicts', async () => {
      await stores.state.write({ x: { v: 1 } });
      await expect(stores.state.write({ y: { v: 1 }, x: { v: 2, eTag: 'stale' } })).rejects.toThrow();
      expect(await stores.state.read(['y'])).toEqual({});
    });

    it('handles keys with special characters', async () => {
      const keys = ['msteams/conversations/a:b|c%d/', "quote's \"key\"", 'ž/ü/€/🙂', 'back\\slash', 'x'.repeat(400)];
      await stores.state.write(Object.fromEntries(keys.map((k, i) => [k, { i }])));
      const items = await stores.state.read(keys);
      expect(keys.map((k) => (items[k] as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
    });

    it('stores a large document', async () => {
      const big = { text: 'ž'.repeat(500_000), list: Array.from({ length: 2000 }, (_, i) => ({ i, s: `item ${i}` })) };
      await stores.state.write({ big });
      expect((await stores.state.read(['big'])).big).toMatchObject(big);
    });
  });

  describe.skipIf(!!skip)('cases', () => {
    it('files a case once per idempotency key, even concurrently, with sequential references', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => stores.cases.fileCase(newCase('same-key'), new Date('2026-11-25T10:00:00Z'))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.record.reference)).size).toBe(1);
      const other = await stores.cases.fileCase(newCase('other-key'), new Date('2026-11-25T10:00:01Z'));
      const first = Number(results[0]!.record.reference.slice(-6));
      expect(Number(other.record.reference.slice(-6))).toBe(first + 1);
      expect(other.record.reference).toMatch(/^OVD-2026-\d{6}-[0-9A-Z]{4}$/);
    });

    it('records status changes with history', async () => {
      const { record } = await stores.cases.fileCase(newCase('status-key', 'client-s'), new Date('2026-11-25T10:00:00Z'));
      const updated = await stores.cases.updateStatus(record.reference, { status: 'in_review', by: 'jana.novakova' }, new Date('2026-11-26T10:00:00Z'));
      expect(updated!.history.map((h) => h.status)).toEqual(['filed', 'in_review']);
      expect((await stores.cases.getCase(record.reference.toLowerCase()))!.status).toBe('in_review');
      expect(await stores.cases.listByClient('client-s')).toHaveLength(1);
      expect(await stores.cases.updateStatus('CLM-1999-000000', { status: 'closed', by: 'x' }, new Date())).toBeUndefined();
    });

    it("gives a client's newest cases with a LIMIT, and how many there are", async () => {
      for (let i = 0; i < 5; i++) await stores.cases.fileCase(newCase(`recent-${i}`, 'client-r'), new Date(Date.UTC(2026, 10, 20 + i, 10)));
      await stores.cases.fileCase(newCase('recent-other', 'client-q'), new Date(Date.UTC(2026, 10, 28, 10)));
      const { records, total } = await stores.cases.recentByClient('client-r', 3);
      expect(total).toBe(5);
      expect(records.map((r) => r.createdAt.slice(0, 10))).toEqual(['2026-11-24', '2026-11-23', '2026-11-22']);
      expect(await stores.cases.recentByClient('client-r', 10)).toMatchObject({ total: 5 });
      expect(await stores.cases.recentByClient('client-none', 3)).toEqual({ records: [], total: 0 });
    });
  });

  describe.skipIf(!!skip)('handoffs and relay queue', () => {
    it('creates, finds the open ticket, and updates only from the expected status (compare-and-set)', async () => {
      await stores.handoffs.create(ticket('T1'));
      expect((await stores.handoffs.openForConversation('conv-T1'))!.id).toBe('T1');
      const t = (await stores.handoffs.get('T1'))!;
      const [a, b] = await Promise.all([
        stores.handoffs.update({ ...t, status: 'connected', acceptedBy: 'jana' }, 'waiting'),
        stores.handoffs.update({ ...t, status: 'connected', acceptedBy: 'petr' }, 'waiting'),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await stores.handoffs.list({ statuses: ['connected'], teams: ['cz-service'] })).map((x) => x.id)).toContain('T1');
      expect(await stores.handoffs.list({ assignedTo: ['nobody'] })).toEqual([]);
    });

    it("finds a conversation's most recent ended ticket by index (pending feedback, asked on every message)", async () => {
      const ended = (id: string, createdAt: string, conversationId = 'conv-ended') => ({ ...ticket(id, 'ended'), conversationId, createdAt });
      await stores.handoffs.create(ended('E1', '2026-11-25T09:00:00.000Z'));
      await stores.handoffs.create(ended('E2', '2026-11-25T10:00:00.000Z'));
      await stores.handoffs.create(ended('E3', '2026-11-25T11:00:00.000Z', 'conv-other'));
      await stores.handoffs.create({ ...ticket('W1'), conversationId: 'conv-ended', createdAt: '2026-11-25T12:00:00.000Z' });
      expect((await stores.handoffs.lastEndedForConversation('conv-ended'))!.id).toBe('E2');
      expect(await stores.handoffs.lastEndedForConversation('conv-none')).toBeUndefined();
    });

    it('queues relay messages until delivered', async () => {
      await stores.handoffs.create(ticket('T2'));
      const m1 = await stores.handoffs.addMessage({ ticketId: 'T2', direction: 'to_client', author: 'Jana', text: 'Hello', at: '2026-11-25T10:00:00.000Z' });
      await stores.handoffs.addMessage({ ticketId: 'T2', direction: 'to_manager', author: 'client', text: 'Hi', at: '2026-11-25T10:00:01.000Z' });
      expect((await stores.handoffs.undelivered('to_client', 'T2')).map((m) => m.text)).toEqual(['Hello']);
      await stores.handoffs.markDelivered([m1.id], '2026-11-25T10:00:02.000Z');
      expect(await stores.handoffs.undelivered('to_client', 'T2')).toEqual([]);
      expect((await stores.handoffs.messages('T2')).map((m) => m.direction)).toEqual(['to_client', 'to_manager']);
    });
  });

  describe.skipIf(!!skip)('insights (answer log, feedback, report events)', () => {
    it('records answers with feedback and report events, and reads them back by period', async () => {
      const at = '2026-11-25T10:00:00.000Z';
      await stores.insights.recordAnswer({ id: 'ans-1', conversationId: 'c-i', channelId: 'test', activityId: 'act-1', language: 'en', kind: 'dont_know', question: 'q?', answer: 'a', citations: [], createdAt: at });
      expect(await stores.insights.saveFeedback('ans-1', { rating: 'down', at })).toBe(true);
      expect(await stores.insights.saveComment('ans-1', 'not helpful', at)).toBe(true);
      expect(await stores.insights.saveFeedback('missing', { rating: 'up', at })).toBe(false);
      expect(await stores.insights.findByActivity('c-i', 'act-1')).toMatchObject({ id: 'ans-1', feedback: { rating: 'down', comment: 'not helpful' } });
      await stores.insights.recordReportEvent({ formId: 'f-1', kind: 'claim', event: 'started', channelId: 'test', language: 'cs', at } as never);
      await stores.insights.recordReportEvent({ formId: 'f-1', kind: 'claim', event: 'filed', channelId: 'test', language: 'cs', at } as never);
      expect(await stores.insights.wasFiled('f-1')).toBe(true);
      const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
      expect((await stores.insights.answersBetween(period, 10)).map((a) => a.id)).toContain('ans-1');
      expect((await stores.insights.reportEventsBetween(period)).map((e) => e.event)).toEqual(['started', 'filed']);
      expect(await stores.insights.prune(new Date('2026-12-01T00:00:00Z'))).toBeGreaterThanOrEqual(3);
      expect(await stores.insights.getAnswer('ans-1')).toBeUndefined();
    });
  });

  describe.skipIf(!!skip)('staff Teams conversations', () => {
    it('saves, refreshes, reads and removes a manager\'s conversation reference', async () => {
      const ref = { channelId: 'msteams', conversation: { id: 'a:1' }, serviceUrl: 'https://smba.trafficmanager.net/emea/' } as never;
      expect(await stores.staffConversations.save('jana', ref, new Date())).toBe('created');
      expect(await stores.staffConversations.save('jana', { ...(ref as object), conversation: { id: 'a:2' } } as never, new Date())).toBe('updated');
      expect((await stores.staffConversations.get('jana'))?.conversation?.id).toBe('a:2');
      await stores.staffConversations.remove('jana');
      expect(await stores.staffConversations.get('jana')).toBeUndefined();
    });
  });

  describe.skipIf(!!skip)('processed activities and transcripts', () => {
    it('claims an activity once, replays its replies, and retakes a stale claim', async () => {
      const now = new Date('2026-11-25T10:00:00Z');
      expect(await stores.processed.claim('c', 'a1', now, 30_000)).toEqual({ state: 'new' });
      expect(await stores.processed.claim('c', 'a1', now, 30_000)).toEqual({ state: 'in_progress' });
      await stores.processed.complete('c', 'a1', [{ type: 'message', text: 'done' }]);
      expect(await stores.processed.claim('c', 'a1', now, 30_000)).toEqual({ state: 'done', replies: [{ type: 'message', text: 'done' }] });
      await stores.processed.claim('c', 'a2', now, 30_000);
      expect(await stores.processed.claim('c', 'a2', new Date(now.getTime() + 60_000), 30_000)).toEqual({ state: 'new' });
    });

    it('logs, pages, prunes and erases transcripts', async () => {
      const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s)).toISOString();
      for (let i = 0; i < 3; i++) {
        await stores.transcripts.logActivity({ type: 'message', text: `m${i}`, channelId: 'test', conversation: { id: 'tc' }, from: { id: 'u-t' }, recipient: { id: 'bot' }, timestamp: at(i) } as never);
      }
      expect((await stores.transcripts.recentMessages('test', 'tc')).map((a) => a.text)).toEqual(['m0', 'm1', 'm2']);
      expect((await stores.transcripts.getTranscriptActivities('test', 'tc')).items).toHaveLength(3);
      expect(await stores.transcripts.prune(new Date(at(1)))).toBe(1);
      expect(await stores.transcripts.eraseUser('u-t')).toBe(2);
    });
  });

  describe.skipIf(!!skip)('privacy erasure', () => {
    it('treats ids as literals: erasing user "%" in conversation "%" leaves everyone else\'s state', async () => {
      await stores.state.write({ 'test/conversations/other-a/': { v: 1 }, 'test/conversations/other_b/': { v: 2 }, 'test/users/someone/': { v: 3 }, 'test/conversations/%/': { v: 4 } });
      await stores.transcripts.logActivity({ type: 'message', text: 'hi', channelId: 'test', conversation: { id: '%' }, from: { id: '%' }, recipient: { id: 'bot' }, timestamp: new Date().toISOString() } as never);
      const report = await stores.privacy.erase({ userId: '%' }, 'test', new Date());
      expect(report.conversationStates).toBe(1);
      expect(Object.keys(await stores.state.read(['test/conversations/other-a/', 'test/conversations/other_b/', 'test/users/someone/']))).toHaveLength(3);
      expect(Object.keys(await stores.state.read(['test/conversations/%/']))).toEqual([]);
    });
  });

  describe.skipIf(!!skip)('odd Unicode from clients', () => {
    it('keeps state, transcript rows and answer-log rows with a NUL byte or a lone surrogate', async () => {
      const odd = `a\u0000b \uD800 c \uDC00`;
      await stores.state.write({ 'test/conversations/odd/': { text: odd, [`k${odd}`]: 1 } });
      const read = (await stores.state.read(['test/conversations/odd/']))['test/conversations/odd/'] as { text: string };
      expect(read.text.startsWith('a')).toBe(true);
      await stores.transcripts.logActivity({ type: 'message', text: odd, channelId: 'test', conversation: { id: 'odd' }, from: { id: 'u-odd' }, recipient: { id: 'bot' }, timestamp: new Date().toISOString() } as never);
      expect(await stores.transcripts.recentMessages('test', 'odd')).toHaveLength(1);
      await stores.insights.recordAnswer({ id: 'odd-1', conversationId: 'odd', channelId: 'test', language: 'en', kind: 'answer', question: odd, answer: odd, citations: [{ title: odd }] as never, createdAt: new Date().toISOString() } as never);
      expect(await stores.insights.getAnswer('odd-1')).toBeDefined();
    });
  });

  describe.skipIf(!!skip)('identities', () => {
    const client = (clientId: string, expiresAt = '2026-11-25T18:00:00.000Z') => ({
      clientId,
      contact: { email: 'martin.kovar@example.com', name: 'Martin Kovář' },
      method: 'portal' as const,
      verifiedAt: '2026-11-25T10:00:00.000Z',
      expiresAt,
    });

    it('binds a channel user to a verified client, re-binds, and forgets', async () => {
      await stores.identities.bind({ channelId: 'webchat', userId: 'dl_a', conversationId: 'conv-a', client: client('strojirny-morava') });
      expect(await stores.identities.find('webchat', 'dl_a')).toEqual({ channelId: 'webchat', userId: 'dl_a', conversationId: 'conv-a', client: client('strojirny-morava') });
      expect(await stores.identities.find('directline', 'dl_a')).toBeUndefined();
      await stores.identities.bind({ channelId: 'webchat', userId: 'dl_a', client: client('bohemia-textil') });
      expect(await stores.identities.find('webchat', 'dl_a')).toEqual({ channelId: 'webchat', userId: 'dl_a', client: client('bohemia-textil') });
      await stores.identities.forget('webchat', 'dl_a');
      expect(await stores.identities.find('webchat', 'dl_a')).toBeUndefined();
    });

    it('lets a single-use id be used once, even by simultaneous callers, and forgets it after expiry', async () => {
      const now = new Date('2026-11-25T10:00:00Z');
      const expires = new Date('2026-11-25T10:05:00Z');
      const results = await Promise.all(Array.from({ length: 6 }, () => stores.identities.useOnce('portal:jti-1', expires, now)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await stores.identities.useOnce('portal:jti-1', expires, new Date('2026-11-25T10:04:00Z'))).toBe(false);
      // Past its expiry the id is gone (the assertion itself is expired by then and refused anyway).
      expect(await stores.identities.useOnce('portal:jti-1', new Date('2026-11-25T10:15:00Z'), new Date('2026-11-25T10:06:00Z'))).toBe(true);
    });
  });

  describe.skipIf(!!skip)('one-time codes', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute));
    const code = (id: string, minute: number, overrides: Record<string, unknown> = {}) => ({
      id,
      policyKey: 'CZ202410001',
      channelId: 'webchat',
      userId: 'dl_codes',
      requester: '203.0.113.9',
      clientId: 'strojirny-morava',
      codeHash: `hash-${id}`,
      createdAt: at(minute),
      expiresAt: at(minute + 10),
      attempts: 0,
      ...overrides,
    });

    it('counts per policy and per requester, finds the newest open code, counts attempts, uses a code once', async () => {
      await stores.oneTimeCodes.create(code('c1', 0));
      await stores.oneTimeCodes.create(code('c2', 1, { requester: '198.51.100.7' }));
      await stores.oneTimeCodes.create(code('c3', 2, { policyKey: 'OTHER', clientId: undefined }));
      expect(await stores.oneTimeCodes.countSince(at(0), { policyKey: 'CZ202410001', requester: '203.0.113.9' })).toEqual({ policy: 2, requester: 2 });
      expect(await stores.oneTimeCodes.countSince(at(1), { policyKey: 'CZ202410001', requester: '203.0.113.9' })).toEqual({ policy: 1, requester: 1 });
      const open = await stores.oneTimeCodes.latestOpen('webchat', 'dl_codes', at(3));
      expect(open).toEqual(code('c3', 2, { policyKey: 'OTHER', clientId: undefined }));
      expect(open).not.toHaveProperty('clientId');
      expect(await stores.oneTimeCodes.addAttempt('c3')).toBe(1);
      expect(await stores.oneTimeCodes.addAttempt('c3')).toBe(2);
      expect(await stores.oneTimeCodes.markUsed('c3', at(3))).toBe(true);
      expect(await stores.oneTimeCodes.markUsed('c3', at(3))).toBe(false);
      expect((await stores.oneTimeCodes.latestOpen('webchat', 'dl_codes', at(3)))?.id).toBe('c2');
      // Expired codes are not open, and pruning forgets them.
      expect(await stores.oneTimeCodes.latestOpen('webchat', 'dl_codes', at(30))).toBeUndefined();
      await stores.oneTimeCodes.prune(at(30));
      expect(await stores.oneTimeCodes.countSince(at(0), { policyKey: 'CZ202410001', requester: '203.0.113.9' })).toEqual({ policy: 0, requester: 0 });
    });
  });

  describe.skipIf(!!skip)('erasure of verified identities', () => {
    it('forgets the bindings and codes of an erased client and of an erased user', async () => {
      const client = { clientId: 'erase-client', contact: {}, method: 'email_code' as const, verifiedAt: '2026-11-25T10:00:00.000Z', expiresAt: '2026-11-25T18:00:00.000Z' };
      await stores.identities.bind({ channelId: 'webchat', userId: 'dl_erase_a', client });
      await stores.identities.bind({ channelId: 'webchat', userId: 'dl_erase_b', client: { ...client, clientId: 'kept-client' } });
      const now = new Date('2026-11-25T10:00:00Z');
      await stores.oneTimeCodes.create({ id: 'erase-code', policyKey: 'P', channelId: 'webchat', userId: 'dl_erase_b', requester: 'r', clientId: 'kept-client', codeHash: 'h', createdAt: now, expiresAt: new Date('2026-11-25T10:10:00Z'), attempts: 0 });
      await stores.privacy.erase({ clientId: 'erase-client' }, 'test', now);
      expect(await stores.identities.find('webchat', 'dl_erase_a')).toBeUndefined();
      expect(await stores.identities.find('webchat', 'dl_erase_b')).toBeDefined();
      await stores.privacy.erase({ userId: 'dl_erase_b' }, 'test', now);
      expect(await stores.identities.find('webchat', 'dl_erase_b')).toBeUndefined();
      expect(await stores.oneTimeCodes.latestOpen('webchat', 'dl_erase_b', now)).toBeUndefined();
    });
  });

  describe.skipIf(!!skip)('uploads', () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0a]);
    const upload = (conversationId: string, userId = 'dl_up_user', name = 'faktura.pdf') => ({ conversationId, userId, name, contentType: 'application/pdf', size: bytes.length, sha256: 'ab'.repeat(32), bytes });

    it('stores the bytes under a random id and reads them back, with and without the bytes', async () => {
      const at = new Date('2026-11-25T10:00:00.000Z');
      const a = await stores.uploads.save(upload('up-conv-1', 'dl_up_user', 'účet "č. 5".pdf'), at);
      const b = await stores.uploads.save(upload('up-conv-1'), at);
      expect(a.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(b.id).not.toBe(a.id);
      expect(await stores.uploads.info(a.id)).toEqual({ id: a.id, conversationId: 'up-conv-1', userId: 'dl_up_user', name: 'účet "č. 5".pdf', contentType: 'application/pdf', size: 7, sha256: 'ab'.repeat(32), createdAt: at.toISOString() });
      const read = await stores.uploads.get(a.id);
      expect(Buffer.compare(read!.bytes, bytes)).toBe(0);
      expect(await stores.uploads.get('x'.repeat(32))).toBeUndefined();
      expect(await stores.uploads.info('%')).toBeUndefined();
    });

    it('prunes what is past retention, and after the shorter wait what no filed case names', async () => {
      const old = await stores.uploads.save(upload('up-conv-old'), new Date('2026-01-01T00:00:00Z'));
      const referenced = await stores.uploads.save(upload('up-conv-ref'), new Date('2026-11-01T00:00:00Z'));
      const orphan = await stores.uploads.save(upload('up-conv-orphan'), new Date('2026-11-01T00:00:00Z'));
      const recent = await stores.uploads.save(upload('up-conv-recent'), new Date('2026-11-24T00:00:00Z'));
      await stores.cases.fileCase(
        { ...newCase('up-ref-case'), kind: 'claim', data: { kind: 'claim', attachments: [{ name: 'faktura.pdf', contentType: 'application/pdf', size: 7, url: `https://bot.example.cz/staff/files/${referenced.id}` }] } as never },
        new Date('2026-11-01T00:00:00Z'),
      );
      const removed = await stores.uploads.prune(new Date('2026-06-01T00:00:00Z'), new Date('2026-11-18T00:00:00Z'));
      expect(removed).toBeGreaterThanOrEqual(2);
      expect(await stores.uploads.info(old.id)).toBeUndefined();
      expect(await stores.uploads.info(orphan.id)).toBeUndefined();
      expect(await stores.uploads.info(referenced.id)).toBeDefined();
      expect(await stores.uploads.info(recent.id)).toBeDefined();
    });

    it("erases a client's uploads (its cases' conversations and users) and an erased user's, and no one else's", async () => {
      const at = new Date();
      const inCase = await stores.uploads.save(upload('up-erase-conv', 'dl_up_erase'), at);
      const sameUserElsewhere = await stores.uploads.save(upload('up-erase-other-conv', 'dl_up_erase'), at);
      const someoneElse = await stores.uploads.save(upload('up-keep-conv', 'dl_up_keep'), at);
      await stores.cases.fileCase({ ...newCase('up-erase-case', 'up-erase-client'), userId: 'dl_up_erase', conversationReference: { conversation: { id: 'up-erase-conv' } } as never }, at);
      await stores.privacy.erase({ clientId: 'up-erase-client' }, 'test', at);
      expect(await stores.uploads.info(inCase.id)).toBeUndefined();
      expect(await stores.uploads.info(sameUserElsewhere.id)).toBeUndefined();
      expect(await stores.uploads.info(someoneElse.id)).toBeDefined();
      await stores.privacy.erase({ userId: 'dl_up_keep' }, 'test', at);
      expect(await stores.uploads.info(someoneElse.id)).toBeUndefined();
    });
  });
});
