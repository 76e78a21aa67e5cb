import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivitySet, ConversationEnd } from '../../channels/webchat/directLineStore.js';
import { DirectLineCapacityError } from '../../channels/webchat/directLineStore.js';
import { createLogger } from '../../platform/logger.js';
import { LoginThrottle } from '../../staff/pages/loginThrottle.js';
import { openPostgresStores } from '../../storage/postgres/pgStores.js';
import type { SharedDirectLineStore } from '../../storage/sharedRuntime.js';
import type { Stores } from '../../storage/stores.js';
import { postgresSkipReason, scratchSchema, type ScratchSchema } from '../helpers/postgres.js';

/**
 * Two "instances" (two store sets on one schema) share the website's conversations, stream
 * tickets, staff sessions, sign-in throttle, rate limits and cluster jobs.
 */
const skip = postgresSkipReason();
let scratch: ScratchSchema;
let a: Stores;
let b: Stores;
let dlA: SharedDirectLineStore;
let dlB: SharedDirectLineStore;
let clock = 1_800_000_000_000;
const now = () => clock;
const bounds = { maxHistory: 5, idleMs: 60_000, maxConversations: 50, maxConversationsPerAddress: 3, maxConversationBytes: 4000, maxStreamsPerConversation: 2, now };

function collector() {
  const sets: ActivitySet[] = [];
  const ends: ConversationEnd[] = [];
  return { sets, ends, listener: { onActivities: (s: ActivitySet) => sets.push(s), onEnd: (r: ConversationEnd) => ends.push(r) } };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(!!skip)('shared runtime state on PostgreSQL', () => {
  beforeAll(async () => {
    scratch = await scratchSchema();
    const open = () => openPostgresStores({ url: scratch.url, schema: scratch.schema, poolMax: 4, logger: createLogger('silent') });
    a = open();
    b = open();
    await Promise.all([a.ready(), b.ready()]);
    dlA = a.shared!.directLine(bounds);
    dlB = b.shared!.directLine(bounds);
    await Promise.all([dlA.start(), dlB.start()]);
  });
  afterAll(async () => {
    dlA?.close();
    dlB?.close();
    await Promise.all([a?.close(), b?.close()]);
    await scratch?.drop();
  });

  it('a conversation started on one instance is known, appended to and streamed on the other, in order', async () => {
    const started = await dlA.startConversation('conv-1', 'dl_user1', { address: '10.0.0.1' });
    expect(started.created).toBe(true);
    expect((await dlB.startConversation('conv-1', 'dl_user1')).created).toBe(false);
    expect(await dlB.getConversation('conv-1')).toMatchObject({ conversationId: 'conv-1', userId: 'dl_user1' });
    const onB = collector();
    const unsubscribe = dlB.subscribe('conv-1', onB.listener);
    const posted = [];
    for (let i = 1; i <= 4; i++) posted.push(await (i % 2 ? dlA : dlB).append('conv-1', { type: 'message', text: `m${i}` }));
    await dlA.append('conv-1', { type: 'typing' }, { transient: true });
    await until(() => onB.sets.length >= 5);
    const kept = onB.sets.filter((s) => s.watermark !== undefined);
    expect(kept.map((s) => s.activities[0]!.text)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(kept.map((s) => s.watermark)).toEqual(['1', '2', '3', '4']);
    expect(onB.sets.some((s) => s.watermark === undefined && s.activities[0]!.type === 'typing')).toBe(true);
    expect(posted.map((p) => p.id)).toEqual(['conv-1|0000001', 'conv-1|0000002', 'conv-1|0000003', 'conv-1|0000004']);
    // The typing indicator took a sequence number but no watermark; history resumes from a watermark.
    const after = await dlA.activitiesAfter('conv-1', '2');
    expect(after!.activities.map((x) => x.text)).toEqual(['m3', 'm4']);
    expect(after!.watermark).toBe('4');
    unsubscribe();
  });

  it('an idempotency key appends once across instances; history is bounded by count and bytes', async () => {
    await dlA.startConversation('conv-2', 'dl_user2');
    const first = await dlA.append('conv-2', { type: 'message', text: 'relayed' }, { idempotencyKey: 'relay-1' });
    const again = await dlB.append('conv-2', { type: 'message', text: 'relayed' }, { idempotencyKey: 'relay-1' });
    expect(again.id).toBe(first.id);
    expect((await dlB.activitiesAfter('conv-2'))!.activities).toHaveLength(1);
    for (let i = 0; i < 8; i++) await dlB.append('conv-2', { type: 'message', text: `${i}`.repeat(300) });
    const all = (await dlA.activitiesAfter('conv-2'))!;
    expect(all.activities.length).toBeLessThanOrEqual(5);
    expect(all.activities.at(-1)!.text).toBe('7'.repeat(300));
    const big = await dlA.append('conv-2', { type: 'message', text: 'x'.repeat(5000) });
    // One activity over the byte bound still stays (the newest is always kept).
    expect((await dlA.activitiesAfter('conv-2'))!.activities.map((x) => x.id)).toEqual([big.id]);
  });

  it('bounds conversations per address; the streams bound is per instance', async () => {
    await dlA.startConversation('addr-1', 'dl_u', { address: '10.9.9.9' });
    await dlB.startConversation('addr-2', 'dl_u', { address: '10.9.9.9' });
    await dlA.startConversation('addr-3', 'dl_u', { address: '10.9.9.9' });
    await expect(dlB.startConversation('addr-4', 'dl_u', { address: '10.9.9.9' })).rejects.toBeInstanceOf(DirectLineCapacityError);
    const off: (() => void)[] = [dlA.subscribe('addr-1', collector().listener), dlA.subscribe('addr-1', collector().listener)];
    expect(() => dlA.subscribe('addr-1', collector().listener)).toThrow(DirectLineCapacityError);
    for (const f of off) f();
  });

  it('an idle conversation expires for both instances and its streams end', async () => {
    await dlA.startConversation('idle-1', 'dl_idle');
    const onA = collector();
    dlA.subscribe('idle-1', onA.listener);
    clock += 61_000;
    expect(await dlB.getConversation('idle-1')).toBeUndefined();
    await dlB.sweep();
    await until(() => onA.ends.length > 0);
    expect(onA.ends).toEqual(['expired']);
  });

  it("a privacy erasure of a website user removes that user's conversations and history", async () => {
    await dlA.startConversation('erase-1', 'dl_erase');
    await dlA.append('erase-1', { type: 'message', text: 'my IČO is 27074358' });
    await b.privacy.erase({ userId: 'dl_erase' }, 'privacy.officer', new Date());
    expect(await dlB.getConversation('erase-1')).toBeUndefined();
    expect(await dlA.activitiesAfter('erase-1')).toBeUndefined();
  });

  it('a stream ticket is used once, whichever instance sees it', async () => {
    expect(await a.shared!.streamTickets.use('ticket-1', 2_000_000_000)).toBe(true);
    expect(await b.shared!.streamTickets.use('ticket-1', 2_000_000_000)).toBe(false);
  });

  it('a staff session made on one instance works on the other, until its idle timeout', async () => {
    let t = 1_000_000;
    const lifetimes = { ttlMs: 3_600_000, idleMs: 60_000, now: () => t };
    const sessionsA = a.shared!.staffSessions(lifetimes);
    const sessionsB = b.shared!.staffSessions(lifetimes);
    const session = await sessionsA.create('jana.novakova');
    t += 30_000;
    expect(await sessionsB.touch(session.id)).toMatchObject({ memberId: 'jana.novakova', csrfToken: session.csrfToken });
    t += 59_000;
    expect(await sessionsA.touch(session.id)).toBeDefined();
    t += 60_000;
    expect(await sessionsB.touch(session.id)).toBeUndefined();
    const other = await sessionsB.create('petr.svoboda');
    await sessionsA.delete(other.id);
    expect(await sessionsB.touch(other.id)).toBeUndefined();
  });

  it('sign-in failures count across instances', async () => {
    const t = 5_000_000;
    const throttleA = new LoginThrottle({ maxFailures: 3, windowMs: 600_000, now: () => t, store: a.shared!.signInAttempts });
    const throttleB = new LoginThrottle({ maxFailures: 3, windowMs: 600_000, now: () => t, store: b.shared!.signInAttempts });
    const attempt = { staffId: 'jana.novakova', address: '10.1.1.1' };
    await throttleA.recordFailure(attempt);
    await throttleB.recordFailure(attempt);
    await throttleA.recordFailure(attempt);
    expect(await throttleB.retryAfterSeconds(attempt)).toBeGreaterThan(0);
    const device = await throttleB.recordSuccess(attempt);
    expect(await a.shared!.signInAttempts.deviceOwner(device, t)).toBe('jana.novakova');
  });

  it('rate limits count across instances', async () => {
    const limitA = a.shared!.limiters({ keyPrefix: 'test', points: 3, duration: 60 });
    const limitB = b.shared!.limiters({ keyPrefix: 'test', points: 3, duration: 60 });
    await limitA.consume('k');
    await limitB.consume('k');
    await limitA.consume('k');
    await expect(limitB.consume('k')).rejects.toMatchObject({ remainingPoints: 0 });
    // Keys (addresses, staff API tokens) are kept as hashes only.
    await limitA.consume('staff-token-secret');
    const probe = new pg.Client({ connectionString: scratch.url });
    await probe.connect();
    const { rows } = await probe.query<{ key: string }>(`SELECT key FROM ${scratch.schema}.rate_limits`);
    await probe.end();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.key.includes('staff-token-secret') || r.key === 'test:k')).toBe(false);
  });

  it('a ticket change made on one instance is heard by the others, not by itself', async () => {
    const heardA: string[] = [];
    const heardB: string[] = [];
    await a.shared!.ticketChanges.listen((id, event) => heardA.push(`${id}:${event}`));
    await b.shared!.ticketChanges.listen((id, event) => heardB.push(`${id}:${event}`));
    await a.shared!.ticketChanges.publish('HO-1', 'accept');
    await until(() => heardB.length > 0);
    expect(heardB).toEqual(['HO-1:accept']);
    expect(heardA).toEqual([]);
  });

  it('a cluster job runs on one instance per round, and again after its interval', async () => {
    let runs = 0;
    const job = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
    };
    await Promise.all([a.shared!.once('test job', 200, job), b.shared!.once('test job', 200, job), a.shared!.once('test job', 200, job)]);
    expect(runs).toBe(1);
    await b.shared!.once('test job', 200, job);
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    await b.shared!.once('test job', 200, job);
    expect(runs).toBe(2);
  });
});
