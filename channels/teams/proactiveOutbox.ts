import type { Logger } from 'pino';

/**
 * Runs work that sends into another conversation *after* the current turn, one task at a time
 * per key, without the caller waiting for it.
 *
 * Why not send right away: a proactive message is a turn of its own and takes that
 * conversation's turn lock. A client's message during a relay is handled inside the client's
 * turn (holding the client's lock); pushing it to the manager there would wait for the manager's
 * lock — while the manager's own turn, relaying the other way, may be holding it and waiting for
 * the client's. Queued here, the client's turn ends first and nothing waits in a circle. The
 * work itself is durable (relay messages stay queued in the store until delivered), so a failed
 * or lost task is retried by the next one for the same ticket.
 */
export class ProactiveOutbox {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly logger: Logger) {}

  enqueue(key: string, task: () => Promise<void>): void {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(task)
      .catch((error: unknown) => this.logger.warn({ err: error, key }, 'Teams proactive send failed; it is retried with the next one'));
    this.tails.set(key, run);
    void run.finally(() => {
      if (this.tails.get(key) === run) this.tails.delete(key);
    });
  }

  /** Resolves when every queued task has run (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
