import type { DirectLineStore } from '../channels/webchat/directLineStore.js';
import type { MemoryDirectLineStoreOptions } from '../channels/webchat/memoryDirectLineStore.js';
import type { StreamTicketStore } from '../channels/webchat/tokenService.js';
import type { LimiterFactory } from '../platform/http/rateLimits.js';
import type { SignInAttemptStore } from '../staff/pages/loginThrottle.js';
import type { SessionStore } from '../staff/pages/sessionStore.js';

/** The Direct Line bounds (DIRECT_LINE_MAX_*), the same for the memory and the shared store. */
export type DirectLineBounds = Omit<MemoryDirectLineStoreOptions, 'sweepIntervalMs'>;

/** A Direct Line store that must be started (its LISTEN connection) and swept by one instance. */
export interface SharedDirectLineStore extends DirectLineStore {
  start(): Promise<void>;
  sweep(): Promise<void>;
}

/**
 * The runtime state several instances must share beyond the durable stores (PostgreSQL mode,
 * README "Running several instances"): the website's conversations and stream tickets, staff
 * sessions and sign-in throttling, rate limits, and the once-per-cluster background jobs.
 */
export interface SharedRuntime {
  directLine(bounds: DirectLineBounds): SharedDirectLineStore;
  streamTickets: StreamTicketStore;
  staffSessions(options: { ttlMs: number; idleMs: number }): SessionStore;
  signInAttempts: SignInAttemptStore;
  /** Rate limiters counting in one table for every instance (each falls back to memory if the database fails). */
  limiters: LimiterFactory;
  /** Ticket changes told to every other instance (for their live staff queues). */
  ticketChanges: {
    publish(ticketId: string, event: string): Promise<void>;
    /** Calls `listener` for changes made on other instances (never this one's). */
    listen(listener: (ticketId: string, event: string) => void): Promise<void>;
  };
  /** Ends the listening connection. */
  close(): Promise<void>;
  /** Deletes expired rate-limit rows and used stream tickets (a cluster job). */
  prune(): Promise<void>;
  /**
   * Runs `job` unless another instance holds it or ran it less than `intervalMs` ago; the hold
   * ends with the holder's connection, so a job survives its instance dying.
   */
  once(name: string, intervalMs: number, job: () => Promise<unknown>): Promise<void>;
}
