import type { Middleware, TurnContext } from 'botbuilder';

/**
 * Runs the turns of one conversation one after another within this process, so two messages
 * arriving together (a double click, a fast typist) never read and write the same state at
 * once. Different conversations run in parallel.
 */
export class ConversationTurnLock implements Middleware {
  private readonly tails = new Map<string, Promise<void>>();

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = context.activity.conversation?.id;
    if (!key) return next();
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      await next();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
