import type { Activity } from 'botbuilder';

/** An activity as Direct Line hands it to clients: the store has given it an id and a timestamp. */
export type DirectLineActivity = Omit<Partial<Activity>, 'id' | 'type' | 'timestamp'> & { id: string; type: string; timestamp: string };

/**
 * What a client receives: the activities after its watermark, and the watermark to send next
 * time. Transient activities (typing) carry no watermark, as on Azure's stream.
 */
export interface ActivitySet {
  activities: DirectLineActivity[];
  watermark?: string;
}

export interface DirectLineConversation {
  conversationId: string;
  /** The `dl_…` user the conversation's tokens are bound to. */
  userId: string;
  createdAt: number;
  lastActiveAt: number;
  /** Live streams (WebSockets) subscribed to it now. */
  streams: number;
}

/** Where a conversation was started from, for the per-address bound. */
export interface StartOptions {
  address?: string;
}

export interface AppendOptions {
  /**
   * Transient activities (typing indicators) go to connected clients but are not kept: a
   * reload must not replay "typing…" and they must not move the watermark.
   */
  transient?: boolean;
  /**
   * The delivery id the bot gave the activity (relayed manager messages carry a stable one). An activity
   * whose key the conversation already holds is not appended again: the kept one is returned, so
   * a send repeated after a crash reaches the client once.
   */
  idempotencyKey?: string;
}

/**
 * A bound of the store was reached: no new conversation (in total, from this address, or no
 * memory left) or no further stream. Answered with 429; nobody else's conversation is evicted.
 */
export class DirectLineCapacityError extends Error {
  constructor(readonly limit: 'conversations' | 'conversationsPerAddress' | 'memory' | 'streams') {
    super(`Direct Line capacity reached: ${limit}`);
    this.name = 'DirectLineCapacityError';
  }
}

/** Why a listener stops receiving: the conversation was forgotten (idle, evicted) or the store closed. */
export type ConversationEnd = 'expired' | 'closed';

export interface ConversationListener {
  onActivities(set: ActivitySet): void;
  onEnd(reason: ConversationEnd): void;
}

export class ConversationNotFoundError extends Error {
  constructor(readonly conversationId: string) {
    super('Conversation not found.');
    this.name = 'ConversationNotFoundError';
  }
}

/**
 * The Direct Line conversations and their activity logs, with their bounds (conversations in
 * total and per address, bytes per conversation and in total, streams per conversation). In
 * memory for one instance (MemoryDirectLineStore); in PostgreSQL with several
 * (storage/postgres/pgDirectLineStore.ts), with the same bounds.
 */
export interface DirectLineStore {
  /**
   * Creates the conversation if it does not exist yet; `created` says which happened. Throws
   * DirectLineCapacityError rather than evict an active conversation.
   */
  startConversation(conversationId: string, userId: string, options?: StartOptions): Promise<{ created: boolean; conversation: DirectLineConversation }>;
  getConversation(conversationId: string): Promise<DirectLineConversation | undefined>;
  /** Gives the activity its id and timestamp, keeps it (unless transient) and notifies listeners. */
  append(conversationId: string, activity: Partial<Activity>, options?: AppendOptions): Promise<DirectLineActivity>;
  /** Activities after `watermark` (all kept ones when absent); undefined when the conversation is unknown. */
  activitiesAfter(conversationId: string, watermark?: string): Promise<ActivitySet | undefined>;
  /** Live delivery for one conversation (the WebSocket stream); returns the unsubscribe function. Throws DirectLineCapacityError past the streams bound. */
  subscribe(conversationId: string, listener: ConversationListener): () => void;
  /** Connects what the store needs before serving (the shared store's LISTEN connection); absent = nothing to do. */
  start?(): Promise<void>;
  /** Stops timers and ends every listener. */
  close(): void;
}

/** Direct Line ids look like `conversationId|0000042`; the padding keeps them sortable. Both stores name activities so. */
export function activityId(conversationId: string, sequence: number): string {
  return `${conversationId}|${String(sequence).padStart(7, '0')}`;
}

/** A client's watermark as a sequence number; anything else (absent, garbage, negative) means "from the start". */
export function parseWatermark(watermark: string | undefined): number {
  if (watermark === undefined || watermark === '') return 0;
  const value = Number(watermark);
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}
