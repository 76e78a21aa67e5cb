import type { Activity } from 'botbuilder';
import {
  ConversationNotFoundError,
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
  /** Conversations kept at once; past it the least recently active one is evicted. */
  maxConversations?: number;
  now?: () => number;
  /** How often idle conversations are swept; 0 turns the timer off (tests sweep by hand). */
  sweepIntervalMs?: number;
}

interface ConversationEntry {
  info: DirectLineConversation;
  history: { sequence: number; activity: DirectLineActivity; key?: string }[];
  /** Last sequence number handed out; ids and watermarks derive from it. */
  sequence: number;
  /** Sequence number of the newest kept activity: the watermark clients receive. */
  watermark: number;
  listeners: Set<ConversationListener>;
}

/** Direct Line ids look like `conversationId|0000042`; the padding keeps them sortable. */
function activityId(conversationId: string, sequence: number): string {
  return `${conversationId}|${String(sequence).padStart(7, '0')}`;
}

function parseWatermark(watermark: string | undefined): number {
  if (watermark === undefined || watermark === '') return 0;
  const value = Number(watermark);
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** The in-memory store: bounded history per conversation, idle expiry, least-recently-active eviction. */
export class MemoryDirectLineStore implements DirectLineStore {
  // A Map iterates in insertion order; touching a conversation re-inserts it, so the first key is
  // always the least recently active one (cheap LRU eviction).
  private readonly conversations = new Map<string, ConversationEntry>();
  private readonly now: () => number;
  private readonly maxConversations: number;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: MemoryDirectLineStoreOptions) {
    this.now = options.now ?? Date.now;
    this.maxConversations = options.maxConversations ?? 10_000;
    const interval = options.sweepIntervalMs ?? Math.min(60_000, Math.max(1000, Math.floor(options.idleMs / 4)));
    if (interval > 0) {
      this.timer = setInterval(() => this.sweep(), interval);
      this.timer.unref();
    }
  }

  async startConversation(conversationId: string, userId: string) {
    const existing = this.live(conversationId);
    if (existing) {
      this.touch(existing);
      return { created: false, conversation: { ...existing.info } };
    }
    const now = this.now();
    const entry: ConversationEntry = {
      info: { conversationId, userId, createdAt: now, lastActiveAt: now },
      history: [],
      sequence: 0,
      watermark: 0,
      listeners: new Set(),
    };
    this.conversations.set(conversationId, entry);
    while (this.conversations.size > this.maxConversations) {
      const oldest = this.conversations.keys().next().value as string;
      this.forget(oldest, 'expired');
    }
    return { created: true, conversation: { ...entry.info } };
  }

  async getConversation(conversationId: string) {
    const entry = this.live(conversationId);
    return entry ? { ...entry.info } : undefined;
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
      entry.history.push({ sequence: entry.sequence, activity: stored, ...(options.idempotencyKey ? { key: options.idempotencyKey } : {}) });
      if (entry.history.length > this.options.maxHistory) entry.history.splice(0, entry.history.length - this.options.maxHistory);
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

  private forget(conversationId: string, reason: ConversationEnd): void {
    const entry = this.conversations.get(conversationId);
    if (!entry) return;
    this.conversations.delete(conversationId);
    for (const listener of entry.listeners) listener.onEnd(reason);
    entry.listeners.clear();
  }
}
