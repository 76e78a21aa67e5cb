/**
 * Counts work in progress — HTTP requests and bot turns, including proactive turns that no
 * request carries — so that a shutdown can stop taking new work and wait for the rest to
 * finish. Once `drain` has started, `tryEnter` refuses new requests.
 */
export class InFlightWork {
  private count = 0;
  private draining = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly onChange?: (count: number) => void) {}

  get size(): number {
    return this.count;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Takes on a unit of work unless the process is shutting down; call `leave` exactly once when true. */
  tryEnter(): boolean {
    if (this.draining) return false;
    this.enter();
    return true;
  }

  /** Counts work that must finish even during a drain (a turn of a request already accepted). */
  enter(): void {
    this.count++;
    this.onChange?.(this.count);
  }

  leave(): void {
    this.count = Math.max(0, this.count - 1);
    this.onChange?.(this.count);
    if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Runs `work` counted. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  /**
   * Refuses new requests from now on and resolves when nothing is in progress (true) or when
   * `timeoutMs` has passed with work still running (false: the caller decides what to cut).
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    if (this.count === 0) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }
}
