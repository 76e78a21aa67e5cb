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

  it('evicts the least recently active conversation beyond the limit', async () => {
    const { store, advance } = storeWithClock({ maxConversations: 2 });
    await store.startConversation('a', 'dl_a');
    advance(1);
    await store.startConversation('b', 'dl_b');
    advance(1);
    await store.append('a', message('a is active'));
    advance(1);
    await store.startConversation('c', 'dl_c');
    expect(await store.getConversation('a')).toBeDefined();
    expect(await store.getConversation('b')).toBeUndefined();
    expect(await store.getConversation('c')).toBeDefined();
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
