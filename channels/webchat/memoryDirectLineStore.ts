import type { Activity } from 'botbuilder';
import {
  activityId,
  parseWatermark,
  ConversationNotFoundError,
  DirectLineCapacityError,
  type StartOptions,
  type ActivitySet,
  type AppendOptions,
  type ConversationEnd,
  type ConversationListener,
  type DirectLineActivity,
  type DirectLineConversation,
  type DirectLineStore,
} from './directLineStore.js';

export interface MemoryDirectLineStoreOptions {
  /** Activities kept per conversation; older ones are dropped (their watermarks stay valid). */
  maxHistory: number;
  /** A conversation with no activity for this long is forgotten. */
  idleMs: number;
  /** Conversations kept at once; past it (after forgetting idle ones) new ones are refused. */
  maxConversations?: number;
  /** Live conversations started from one client address. */
  maxConversationsPerAddress?: number;
  /** Bytes of kept activities per conversation; past it its oldest activities are dropped. */
  maxConversationBytes?: number;
  /** Bytes of kept activities in all conversations; past it no conversation is started, and a growing one keeps only its newest. */
  maxTotalBytes?: number;
  /** Live streams per conversation. */
  maxStreamsPerConversation?: number;
  now?: () => number;
  /** How often idle conversations are swept; 0 turns the timer off (tests sweep by hand). */
  sweepIntervalMs?: number;
}

interface ConversationEntry {
  info: DirectLineConversation;
  history: { sequence: number; activity: DirectLineActivity; key?: string; bytes: number }[];
  bytes: number;
  address?: string;
  /** Last sequence number handed out; ids and watermarks derive from it. */
  sequence: number;
  /** Sequence number of the newest kept activity: the watermark clients receive. */
  watermark: number;
  listeners: Set<ConversationListener>;
}

/** The in-memory store: bounded conversations, bytes and streams, idle expiry; refuses (429) rather than evicts. */
export class MemoryDirectLineStore implements DirectLineStore {
  // A Map iterates in insertion order; touching a conversation re-inserts it, so the first key is
  // always the least recently active one (cheap LRU eviction).
  private readonly conversations = new Map<string, ConversationEntry>();
  private readonly now: () => number;
  private readonly maxConversations: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly perAddress = new Map<string, number>();
  private totalBytes = 0;

  constructor(private readonly options: MemoryDirectLineStoreOptions) {
    this.now = options.now ?? Date.now;
    this.maxConversations = options.maxConversations ?? 10_000;
    const interval = options.sweepIntervalMs ?? Math.min(60_000, Math.max(1000, Math.floor(options.idleMs / 4)));
    if (interval > 0) {
      this.timer = setInterval(() => this.sweep(), interval);
      this.timer.unref();
    }
  }

  async startConversation(conversationId: string, userId: string, options: StartOptions = {}) {
    const existing = this.live(conversationId);
    if (existing) {
      this.touch(existing);
      return { created: false, conversation: this.infoOf(existing) };
    }
    // Idle conversations make room; active ones are never evicted for a newcomer.
    if (this.conversations.size >= this.maxConversations) this.sweep();
    if (this.conversations.size >= this.maxConversations) throw new DirectLineCapacityError('conversations');
    if (this.totalBytes >= (this.options.maxTotalBytes ?? Infinity)) throw new DirectLineCapacityError('memory');
    if (options.address && (this.perAddress.get(options.address) ?? 0) >= (this.options.maxConversationsPerAddress ?? Infinity)) {
      throw new DirectLineCapacityError('conversationsPerAddress');
    }
    const now = this.now();
    const entry: ConversationEntry = {
      info: { conversationId, userId, createdAt: now, lastActiveAt: now, streams: 0 },
      history: [],
      bytes: 0,
      sequence: 0,
      watermark: 0,
      listeners: new Set(),
      ...(options.address ? { address: options.address } : {}),
    };
    this.conversations.set(conversationId, entry);
    if (options.address) this.perAddress.set(options.address, (this.perAddress.get(options.address) ?? 0) + 1);
    return { created: true, conversation: this.infoOf(entry) };
  }

  async getConversation(conversationId: string) {
    const entry = this.live(conversationId);
    return entry ? this.infoOf(entry) : undefined;
  }

  async append(conversationId: string, activity: Partial<Activity>, options: AppendOptions = {}): Promise<DirectLineActivity> {
    const entry = this.live(conversationId);
    if (!entry) throw new ConversationNotFoundError(conversationId);
    const repeated = options.idempotencyKey ? entry.history.find((h) => h.key === options.idempotencyKey) : undefined;
    if (repeated) return structuredClone(repeated.activity);
    entry.sequence += 1;
    const stored = {
      ...structuredClone(activity),
      id: activityId(conversationId, entry.sequence),
      timestamp: new Date(this.now()).toISOString(),
    } as DirectLineActivity;
    this.touch(entry);
    let set: ActivitySet;
    if (options.transient) {
      set = { activities: [stored] };
    } else {
      const bytes = Buffer.byteLength(JSON.stringify(stored));
      entry.history.push({ sequence: entry.sequence, activity: stored, bytes, ...(options.idempotencyKey ? { key: options.idempotencyKey } : {}) });
      entry.bytes += bytes;
      this.totalBytes += bytes;
      this.trim(entry);
      entry.watermark = entry.sequence;
      set = { activities: [stored], watermark: String(entry.watermark) };
    }
    for (const listener of entry.listeners) {
      // One broken listener (a socket closing mid-send) must not stop the others or the bot.
      try {
        listener.onActivities(structuredClone(set));
      } catch {
        entry.listeners.delete(listener);
      }
    }
    return structuredClone(stored);
  }

  async activitiesAfter(conversationId: string, watermark?: string): Promise<ActivitySet | undefined> {
    const entry = this.live(conversationId);
    if (!entry) return undefined;
    const after = parseWatermark(watermark);
    const activities = entry.history.filter((h) => h.sequence > after).map((h) => h.activity);
    return { activities: structuredClone(activities), watermark: String(entry.watermark) };
  }

  subscribe(conversationId: string, listener: ConversationListener): () => void {
    const entry = this.live(conversationId);
    if (!entry) {
      listener.onEnd('expired');
      return () => undefined;
    }
    if (entry.listeners.size >= (this.options.maxStreamsPerConversation ?? Infinity)) throw new DirectLineCapacityError('streams');
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  /** Forgets every conversation idle for longer than `idleMs`. Public for tests with a fake clock. */
  sweep(): void {
    const cutoff = this.now() - this.options.idleMs;
    for (const [id, entry] of this.conversations) {
      // Insertion order is activity order: the first still-active conversation ends the sweep.
      if (entry.info.lastActiveAt >= cutoff) break;
      this.forget(id, 'expired');
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const id of [...this.conversations.keys()]) this.forget(id, 'closed');
  }

  /** The entry, unless it has been idle too long (then it is forgotten on the spot). */
  private live(conversationId: string): ConversationEntry | undefined {
    const entry = this.conversations.get(conversationId);
    if (entry && entry.info.lastActiveAt < this.now() - this.options.idleMs) {
      this.forget(conversationId, 'expired');
      return undefined;
    }
    return entry;
  }

  private touch(entry: ConversationEntry): void {
    entry.info.lastActiveAt = this.now();
    this.conversations.delete(entry.info.conversationId);
    this.conversations.set(entry.info.conversationId, entry);
  }

  /**
   * Drops a conversation's oldest activities past its count and byte bounds and, while the store
   * is over its total, down to the newest one: a conversation that grows pays with its own
   * history, never with anyone else's.
   */
  private trim(entry: ConversationEntry): void {
    const maxBytes = this.options.maxConversationBytes ?? Infinity;
    const overTotal = () => this.totalBytes > (this.options.maxTotalBytes ?? Infinity);
    while (entry.history.length > 1 && (entry.history.length > this.options.maxHistory || entry.bytes > maxBytes || overTotal())) {
      const dropped = entry.history.shift()!;
      entry.bytes -= dropped.bytes;
      this.totalBytes -= dropped.bytes;
    }
  }

  private infoOf(entry: ConversationEntry): DirectLineConversation {
    return { ...entry.info, streams: entry.listeners.size };
  }

  private forget(conversationId: string, reason: ConversationEnd): void {
    const entry = this.conversations.get(conversationId);
    if (!entry) return;
    this.conversations.delete(conversationId);
    this.totalBytes -= entry.bytes;
    if (entry.address) {
      const left = (this.perAddress.get(entry.address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(entry.address, left);
      else this.perAddress.delete(entry.address);
    }
    for (const listener of entry.listeners) listener.onEnd(reason);
    entry.listeners.clear();
  }
}
