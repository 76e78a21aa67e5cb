import { randomBytes } from 'node:crypto';

/** One sign-in attempt, as the throttle sees it. */
export interface SignInAttempt {
  staffId: string;
  /** The client address (behind trusted proxies, the forwarded one). */
  address: string;
  /** The device token from the browser's staff_device cookie, if it sent one. */
  device?: string | undefined;
}

/**
 * Where the throttle keeps failed sign-ins and known devices. In memory for one instance; the
 * interface is what a shared (PostgreSQL) implementation provides for several.
 */
export interface SignInAttemptStore {
  /** Failure times (ms) of `key` at or after `since`, oldest first. */
  failures(key: string, since: number): Promise<number[]>;
  /** Records a failure at `at` for every key, keeping at most `keep` per key. */
  addFailure(keys: string[], at: number, keep: number): Promise<void>;
  clear(key: string): Promise<void>;
  /** The staff member who signed in on the device with this token (undefined when unknown or expired). */
  deviceOwner(token: string, now: number): Promise<string | undefined>;
  rememberDevice(token: string, staffId: string, until: number, now: number): Promise<void>;
}

export interface LoginThrottleOptions {
  /** Failures allowed per staff id and address (or known device) within the window. */
  maxFailures: number;
  windowMs: number;
  now?: () => number;
  store?: SignInAttemptStore;
  /** How long a browser that signed in counts as a known device of that staff member. */
  deviceTtlMs?: number;
}

/** Failures on one (id, address) pair answered at once; after these each next try waits 2, 4, 8 … s. */
const FREE_FAILURES = 2;
const MAX_DELAY_MS = 60_000;
/** An address or an id shared by many people (a proxy, a guessed id) gets this many times the pair's allowance. */
const SHARED_FACTOR = 4;

/**
 * Throttles staff sign-ins without letting one person's failures lock out another:
 * - each (staff id, address) pair, and each known device, has its own allowance: after two
 *   failures every further try waits twice as long as the one before, and after `maxFailures`
 *   in the window that pair is locked until the window has passed;
 * - a browser where the staff member signed in before (a known device, by its cookie) counts
 *   only its own failures: guesses against the same id from elsewhere do not lock it out;
 * - unknown devices also share a larger allowance per id (guessing one account from many
 *   addresses) and per address (many ids from one address), so a proxy's other users are only
 *   slowed by a guesser, never by one colleague's typos.
 */
export class LoginThrottle {
  private readonly now: () => number;
  private readonly store: SignInAttemptStore;

  constructor(private readonly options: LoginThrottleOptions) {
    this.now = options.now ?? Date.now;
    this.store = options.store ?? new MemorySignInAttemptStore();
  }

  /** Seconds until this attempt may be made; 0 when it may go ahead now. */
  async retryAfterSeconds(attempt: SignInAttempt): Promise<number> {
    const now = this.now();
    let wait = 0;
    for (const rule of await this.rules(attempt, now)) {
      const failures = await this.store.failures(rule.key, now - this.options.windowMs);
      if (failures.length >= rule.limit) wait = Math.max(wait, failures[failures.length - rule.limit]! + this.options.windowMs - now);
      else if (rule.progressive && failures.length > FREE_FAILURES) {
        const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures.length - FREE_FAILURES));
        wait = Math.max(wait, failures[failures.length - 1]! + delay - now);
      }
    }
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  async recordFailure(attempt: SignInAttempt): Promise<void> {
    const now = this.now();
    const rules = await this.rules(attempt, now);
    await this.store.addFailure(rules.map((r) => r.key), now, this.options.maxFailures * SHARED_FACTOR);
  }

  /**
   * A successful sign-in clears its own pair's and device's failures (not the shared per-id or
   * per-address counts: one good account must not reset a guesser) and returns the device token
   * to keep in the browser.
   */
  async recordSuccess(attempt: SignInAttempt): Promise<string> {
    const now = this.now();
    const known = attempt.device && (await this.store.deviceOwner(attempt.device, now)) === attempt.staffId;
    const token = known ? attempt.device! : randomBytes(24).toString('base64url');
    await this.store.clear(pairKey(attempt));
    await this.store.clear(`device:${token}`);
    await this.store.rememberDevice(token, attempt.staffId, now + this.deviceTtlMs, now);
    return token;
  }

  get deviceTtlMs(): number {
    return this.options.deviceTtlMs ?? 90 * 24 * 60 * 60_000;
  }

  private async rules(attempt: SignInAttempt, now: number): Promise<{ key: string; limit: number; progressive: boolean }[]> {
    const max = this.options.maxFailures;
    if (attempt.device && (await this.store.deviceOwner(attempt.device, now)) === attempt.staffId) {
      return [{ key: `device:${attempt.device}`, limit: max, progressive: true }];
    }
    return [
      { key: pairKey(attempt), limit: max, progressive: true },
      { key: `id:${attempt.staffId.toLowerCase()}`, limit: max * SHARED_FACTOR, progressive: false },
      { key: `ip:${attempt.address}`, limit: max * SHARED_FACTOR, progressive: false },
    ];
  }
}

function pairKey(attempt: SignInAttempt): string {
  return `pair:${attempt.staffId.toLowerCase()}|${attempt.address}`;
}

/** The single-instance store: bounded maps, pruned of expired entries when they grow. */
export class MemorySignInAttemptStore implements SignInAttemptStore {
  private readonly failuresByKey = new Map<string, number[]>();
  private readonly devices = new Map<string, { staffId: string; until: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  async failures(key: string, since: number): Promise<number[]> {
    return (this.failuresByKey.get(key) ?? []).filter((at) => at >= since);
  }

  async addFailure(keys: string[], at: number, keep: number): Promise<void> {
    if (this.failuresByKey.size >= this.maxKeys) this.pruneFailures(at);
    for (const key of keys) this.failuresByKey.set(key, [...(this.failuresByKey.get(key) ?? []), at].slice(-keep));
  }

  async clear(key: string): Promise<void> {
    this.failuresByKey.delete(key);
  }

  async deviceOwner(token: string, now: number): Promise<string | undefined> {
    const device = this.devices.get(token);
    return device && device.until > now ? device.staffId : undefined;
  }

  async rememberDevice(token: string, staffId: string, until: number, now: number): Promise<void> {
    if (this.devices.size >= this.maxKeys) {
      for (const [key, device] of this.devices) if (device.until <= now) this.devices.delete(key);
      // Still full: the oldest remembered device is forgotten (it only loses its own allowance).
      if (this.devices.size >= this.maxKeys) this.devices.delete(this.devices.keys().next().value!);
    }
    this.devices.set(token, { staffId, until });
  }

  private pruneFailures(now: number): void {
    const dayAgo = now - 24 * 60 * 60_000;
    for (const [key, times] of this.failuresByKey) if (!times.some((at) => at >= dayAgo)) this.failuresByKey.delete(key);
    if (this.failuresByKey.size >= this.maxKeys) this.failuresByKey.delete(this.failuresByKey.keys().next().value!);
  }
}
