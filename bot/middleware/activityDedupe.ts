import type { Activity, Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

export type ClaimResult = { state: 'new' } | { state: 'done'; replies: Partial<Activity>[] } | { state: 'in_progress' };

/** Remembers which incoming activities were processed and what the bot replied to them. */
export interface ProcessedActivityStore {
  /** Marks the activity as being processed, unless it was already (then says how far it got). */
  claim(conversationId: string, activityId: string, now: Date, staleAfterMs: number): Promise<ClaimResult>;
  complete(conversationId: string, activityId: string, replies: Partial<Activity>[]): Promise<void>;
  /** Forgets activities older than the cutoff. */
  prune(before: Date): Promise<void>;
}

export interface DedupeOptions {
  store: ProcessedActivityStore;
  logger: Logger;
  now?: () => Date;
  /** A claim older than this with no replies is taken to have crashed and may run again. */
  staleAfterMs?: number;
  /** How long a duplicate waits for the original to finish before giving up. */
  waitMs?: number;
  /** How long processed ids are remembered. */
  retentionMs?: number;
}

const REPLAYED_KEYS = ['type', 'text', 'locale', 'entities', 'attachments', 'suggestedActions', 'inputHint', 'attachmentLayout', 'speak', 'value', 'name'] as const;

/**
 * Channels retry a POST that timed out and users double-click; the same activity id must not
 * run the turn twice (a report would be filed twice). A replay gets the original replies again.
 */
export class ActivityDedupeMiddleware implements Middleware {
  private readonly now: () => Date;
  private lastPrune = 0;

  constructor(private readonly options: DedupeOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const conversationId = activity.conversation?.id;
    if (!activity.id || !conversationId || (activity.type !== 'message' && activity.type !== 'invoke')) return next();
    const store = this.options.store;
    const staleAfter = this.options.staleAfterMs ?? 30_000;

    let claim = await store.claim(conversationId, activity.id, this.now(), staleAfter);
    const deadline = Date.now() + (this.options.waitMs ?? 10_000);
    while (claim.state === 'in_progress' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      claim = await store.claim(conversationId, activity.id, this.now(), staleAfter);
    }
    if (claim.state === 'done') {
      this.options.logger.info({ activityId: activity.id, conversationId }, 'duplicate activity: replaying the original replies');
      if (claim.replies.length) await context.sendActivities(claim.replies);
      return;
    }
    if (claim.state === 'in_progress') {
      this.options.logger.warn({ activityId: activity.id, conversationId }, 'duplicate activity still in progress: not processed twice');
      return;
    }

    const replies: Partial<Activity>[] = [];
    context.onSendActivities(async (_ctx, activities, nextSend) => {
      for (const a of activities) {
        if (a.type === 'typing' || a.type === 'trace') continue;
        const copy: Partial<Activity> = {};
        for (const key of REPLAYED_KEYS) if (a[key] !== undefined) (copy as Record<string, unknown>)[key] = a[key];
        replies.push(copy);
      }
      return nextSend();
    });
    await next();
    await store.complete(conversationId, activity.id, replies);
    await this.maybePrune();
  }

  private async maybePrune(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.options.store.prune(new Date(now - (this.options.retentionMs ?? 24 * 3600_000)));
  }
}
