import { describe, expect, it } from 'vitest';
import { ConversationNotFoundError, type ActivitySet, type ConversationEnd } from '../../../channels/webchat/directLineStore.js';
import { MemoryDirectLineStore } from '../../../channels/webchat/memoryDirectLineStore.js';

function storeWithClock(options: { maxHistory?: number; idleMs?: number; maxConversations?: number } = {}) {
  let now = Date.parse('2026-03-02T09:00:00Z');
  const store = new MemoryDirectLineStore({ maxHistory: options.maxHistory ?? 100, idleMs: options.idleMs ?? 60_000, maxConversations: options.maxConversations, now: () => now, sweepIntervalMs: 0 });
  return { store, advance: (ms: number) => (now += ms) };
}

const message = (text: string) => ({ type: 'message', text });

describe('MemoryDirectLineStore', () => {
  it('gives activities ids, timestamps and increasing watermarks, and pages by watermark', async () => {
    const { store } = storeWithClock();
    expect((await store.startConversation('c1', 'dl_u')).created).toBe(true);
    const first = await store.append('c1', message('one'));
    const second = await store.append('c1', message('two'));
    expect(first).toMatchObject({ id: 'c1|0000001', timestamp: '2026-03-02T09:00:00.000Z', text: 'one' });
    expect(second.id).toBe('c1|0000002');
    expect(await store.activitiesAfter('c1')).toEqual({ activities: [first, second], watermark: '2' });
    expect(await store.activitiesAfter('c1', '1')).toEqual({ activities: [second], watermark: '2' });
    expect(await store.activitiesAfter('c1', '2')).toEqual({ activities: [], watermark: '2' });
  });

  it('keeps a repeated delivery (same idempotency key, e.g. a relay message resent after a crash) once', async () => {
    const { store } = storeWithClock();
    await store.startConversation('c1', 'dl_u');
    const first = await store.append('c1', message('Jana: hello'), { idempotencyKey: 'relay-t1-7' });
    const again = await store.append('c1', message('Jana: hello'), { idempotencyKey: 'relay-t1-7' });
    const other = await store.append('c1', message('Jana: hello'), { idempotencyKey: 'relay-t1-8' });
    expect(again.id).toBe(first.id);
    expect((await store.activitiesAfter('c1'))!.activities.map((a) => a.id)).toEqual([first.id, other.id]);
  });

  it('starting an existing conversation keeps it (and its user)', async () => {
    const { store } = storeWithClock();
    await store.startConversation('c1', 'dl_u');
    await store.append('c1', message('one'));
    const again = await store.startConversation('c1', 'dl_other');
    expect(again.created).toBe(false);
    expect(again.conversation.userId).toBe('dl_u');
    expect((await store.activitiesAfter('c1'))!.activities).toHaveLength(1);
  });

  it('keeps only the newest activities; watermarks stay valid', async () => {
    const { store } = storeWithClock({ maxHistory: 3 });
    await store.startConversation('c1', 'dl_u');
    for (const text of ['1', '2', '3', '4', '5']) await store.append('c1', message(text));
    const all = (await store.activitiesAfter('c1'))!;
    expect(all.activities.map((a) => a.text)).toEqual(['3', '4', '5']);
    expect(all.watermark).toBe('5');
    expect((await store.activitiesAfter('c1', '4'))!.activities.map((a) => a.text)).toEqual(['5']);
  });

  it('does not keep transient activities nor move the watermark for them', async () => {
    const { store } = storeWithClock();
    await store.startConversation('c1', 'dl_u');
    const sets: ActivitySet[] = [];
    store.subscribe('c1', { onActivities: (set) => sets.push(set), onEnd: () => undefined });
    await store.append('c1', message('kept'));
    await store.append('c1', { type: 'typing' }, { transient: true });
    expect((await store.activitiesAfter('c1'))!).toMatchObject({ activities: [{ text: 'kept' }], watermark: '1' });
    expect(sets.map((s) => [s.activities[0]!.type, s.watermark])).toEqual([
      ['message', '1'],
      ['typing', undefined],
    ]);
  });

  it('hands listeners copies, so no one can change the log', async () => {
    const { store } = storeWithClock();
    await store.startConversation('c1', 'dl_u');
    store.subscribe('c1', { onActivities: (set) => (set.activities[0]!.text = 'tampered'), onEnd: () => undefined });
    const appended = await store.append('c1', message('original'));
    appended.text = 'tampered too';
    expect((await store.activitiesAfter('c1'))!.activities[0]!.text).toBe('original');
  });

  it('forgets idle conversations and tells their listeners', async () => {
    const { store, advance } = storeWithClock({ idleMs: 60_000 });
    await store.startConversation('idle', 'dl_a');
    await store.startConversation('busy', 'dl_b');
    const ends: ConversationEnd[] = [];
    store.subscribe('idle', { onActivities: () => undefined, onEnd: (reason) => ends.push(reason) });
    advance(40_000);
    await store.append('busy', message('still here'));
    advance(30_000);
    store.sweep();
    expect(await store.getConversation('idle')).toBeUndefined();
    expect(await store.getConversation('busy')).toBeDefined();
    expect(ends).toEqual(['expired']);
    await expect(store.append('idle', message('late'))).rejects.toBeInstanceOf(ConversationNotFoundError);
  });

  it('treats a conversation past its idle time as gone even before a sweep', async () => {
    const { store, advance } = storeWithClock({ idleMs: 1000 });
    await store.startConversation('c1', 'dl_u');
    advance(1001);
    expect(await store.activitiesAfter('c1')).toBeUndefined();
  });

  it('refuses a new conversation at the limit instead of evicting an active one; idle ones make room', async () => {
    const { store, advance } = storeWithClock({ maxConversations: 2, idleMs: 10 * 60_000 });
    await store.startConversation('a', 'dl_a');
    await store.startConversation('b', 'dl_b');
    await expect(store.startConversation('c', 'dl_c')).rejects.toMatchObject({ name: 'DirectLineCapacityError', limit: 'conversations' });
    expect(await store.getConversation('a')).toBeDefined();
    expect(await store.getConversation('b')).toBeDefined();
    advance(5 * 60_000);
    await store.append('a', message('a is active'));
    advance(6 * 60_000);
    // b has been idle for 11 minutes: it is forgotten, a stays.
    expect((await store.startConversation('c', 'dl_c')).created).toBe(true);
    expect(await store.getConversation('a')).toBeDefined();
    expect(await store.getConversation('b')).toBeUndefined();
  });

  it('bounds live conversations per client address', async () => {
    const store = new MemoryDirectLineStore({ maxHistory: 10, idleMs: 60_000, maxConversationsPerAddress: 2, sweepIntervalMs: 0 });
    await store.startConversation('a1', 'u', { address: '203.0.113.9' });
    await store.startConversation('a2', 'u', { address: '203.0.113.9' });
    await expect(store.startConversation('a3', 'u', { address: '203.0.113.9' })).rejects.toMatchObject({ limit: 'conversationsPerAddress' });
    expect((await store.startConversation('b1', 'u', { address: '198.51.100.1' })).created).toBe(true);
    store.close();
  });

  it('bounds bytes per conversation and in total by dropping the growing conversation\'s own oldest activities', async () => {
    const store = new MemoryDirectLineStore({ maxHistory: 1000, idleMs: 60_000, maxConversationBytes: 10_000, maxTotalBytes: 30_000, sweepIntervalMs: 0 });
    await store.startConversation('quiet', 'u');
    await store.append('quiet', message('hello'));
    await store.startConversation('big', 'u');
    for (let i = 0; i < 50; i++) await store.append('big', message(`${i} ${'x'.repeat(1000)}`));
    const kept = (await store.activitiesAfter('big'))!.activities;
    expect(kept.length).toBeLessThan(11);
    expect(kept.at(-1)!.text).toMatch(/^49 /);
    expect((await store.activitiesAfter('quiet'))!.activities.map((a) => a.text)).toEqual(['hello']);
    // Total: 3 more conversations of 10 kB each push it over 30 kB; then nobody new gets in.
    for (const id of ['c1', 'c2', 'c3']) {
      await store.startConversation(id, 'u');
      for (let i = 0; i < 12; i++) await store.append(id, message('y'.repeat(1000)));
    }
    await expect(store.startConversation('late', 'u')).rejects.toMatchObject({ limit: 'memory' });
    expect((await store.activitiesAfter('quiet'))!.activities.map((a) => a.text)).toEqual(['hello']);
    store.close();
  });

  it('bounds live streams per conversation', async () => {
    const store = new MemoryDirectLineStore({ maxHistory: 10, idleMs: 60_000, maxStreamsPerConversation: 2, sweepIntervalMs: 0 });
    await store.startConversation('c', 'u');
    const listener = { onActivities: () => undefined, onEnd: () => undefined };
    const first = store.subscribe('c', listener);
    store.subscribe('c', { ...listener });
    expect((await store.getConversation('c'))!.streams).toBe(2);
    expect(() => store.subscribe('c', { ...listener })).toThrow(/streams/);
    first();
    expect(() => store.subscribe('c', { ...listener })).not.toThrow();
    store.close();
  });

  it('a failing listener neither breaks the append nor the other listeners', async () => {
    const { store } = storeWithClock();
    await store.startConversation('c1', 'dl_u');
    const received: string[] = [];
    store.subscribe('c1', {
      onActivities: () => {
        throw new Error('socket gone');
      },
      onEnd: () => undefined,
    });
    store.subscribe('c1', { onActivities: (set) => received.push(set.activities[0]!.text!), onEnd: () => undefined });
    await store.append('c1', message('one'));
    await store.append('c1', message('two'));
    expect(received).toEqual(['one', 'two']);
  });

  it('close() ends every listener', async () => {
    const { store } = storeWithClock();
    await store.startConversation('c1', 'dl_u');
    const ends: ConversationEnd[] = [];
    store.subscribe('c1', { onActivities: () => undefined, onEnd: (reason) => ends.push(reason) });
    store.close();
    expect(ends).toEqual(['closed']);
  });
});
