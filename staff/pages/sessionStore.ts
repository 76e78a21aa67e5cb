import { createHash, randomBytes } from 'node:crypto';

/** A signed-in staff member's session, kept on the server; the browser holds only its id. */
export interface StaffSession {
  /** The random id sent as the cookie (never stored: the store keys sessions by its hash). */
  id: string;
  memberId: string;
  /** Embedded in every form of this session and checked on every POST. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

/**
 * Where staff sessions live. In memory by default; a shared store (Redis, SQL) can implement
 * the same three methods when the bot runs on several instances.
 */
export interface SessionStore {
  /** A new session with a fresh random id and CSRF token. */
  create(memberId: string): Promise<StaffSession>;
  /** The live session for a cookie value, its idle timer restarted; undefined when unknown or expired. */
  touch(id: string): Promise<StaffSession | undefined>;
  delete(id: string): Promise<void>;
}

export interface MemorySessionStoreOptions {
  /** Absolute lifetime: a session ends this long after sign-in, however busy. */
  ttlMs: number;
  /** Idle lifetime: a session unused this long ends. */
  idleMs: number;
  now?: () => number;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Keyed by a hash of the id, so a heap dump, a debug print of the map or a database dump holds no usable cookie. */
export function sessionKey(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Omit<StaffSession, 'id'>>();
  private readonly now: () => number;

  constructor(private readonly options: MemorySessionStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.sessions.size;
  }

  async create(memberId: string): Promise<StaffSession> {
    this.sweep();
    const now = this.now();
    const id = randomToken(32);
    const session = { memberId, csrfToken: randomToken(32), createdAt: now, lastSeenAt: now };
    this.sessions.set(sessionKey(id), session);
    return { id, ...session };
  }

  async touch(id: string): Promise<StaffSession | undefined> {
    const key = sessionKey(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    const now = this.now();
    if (this.expired(session, now)) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeenAt = now;
    return { id, ...session };
  }

  async delete(id: string): Promise<void> {
    this.sessions.delete(sessionKey(id));
  }

  private expired(session: Omit<StaffSession, 'id'>, now: number): boolean {
    return now - session.createdAt >= this.options.ttlMs || now - session.lastSeenAt >= this.options.idleMs;
  }

  /** Forgets expired sessions; run on each sign-in, so the map never outgrows the recent sign-ins. */
  private sweep(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (this.expired(session, now)) this.sessions.delete(key);
  }
}
