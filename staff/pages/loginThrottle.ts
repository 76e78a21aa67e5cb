/**
 * Counts failed sign-ins per key (a client address, a staff id) over a sliding window, in
 * memory. Once a key has `maxFailures` failures in the window, further attempts are refused
 * until the oldest failure leaves the window: password guessing gets a handful of tries per
 * quarter hour, whether it targets one id from many addresses or many ids from one address.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(
    private readonly options: { maxFailures: number; windowMs: number; now?: () => number; maxKeys?: number },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Seconds until the first of `keys` may try again; 0 when none is blocked. */
  retryAfterSeconds(keys: string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.options.maxFailures) wait = Math.max(wait, recent[0]! + this.options.windowMs - now);
    }
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  recordFailure(keys: string[]): void {
    const now = this.now();
    if (this.failures.size >= (this.options.maxKeys ?? 10_000)) this.prune(now);
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      // Only the last maxFailures matter for the decision.
      this.failures.set(key, recent.slice(-this.options.maxFailures));
    }
  }

  /** A successful sign-in clears that id's count (not the address's: one good account must not reset a guesser). */
  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => now - at < this.options.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) if (!times.some((at) => now - at < this.options.windowMs)) this.failures.delete(key);
  }
}
