import type { Activity, TranscriptStore } from 'botbuilder';

/** botbuilder's TranscriptStore plus what handoffs, retention and privacy requests need. */
export interface TranscriptArchive extends TranscriptStore {
  recentMessages(channelId: string, conversationId: string, limit?: number): Promise<Activity[]>;
  prune(before: Date): Promise<number>;
  eraseUser(userId: string): Promise<number>;
}
