import { randomToken, sessionKey, type SessionStore, type StaffSession } from '../../staff/pages/sessionStore.js';
import type { SignInAttemptStore } from '../../staff/pages/loginThrottle.js';
import type { PgPool } from './pgDatabase.js';

export interface PgSessionStoreOptions {
  /** Absolute lifetime from sign-in. */
  ttlMs: number;
  /** Idle lifetime. */
  idleMs: number;
  now?: () => number;
}

interface SessionRow {
  member_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

/**
 * Staff sessions (with their CSRF tokens) for every instance, keyed by the hash of the cookie
 * value. Expiry and the idle timeout are conditions of the one UPDATE that touches a session,
 * so whichever instance a request lands on enforces the same lifetimes.
 */
export class PgSessionStore implements SessionStore {
  private readonly now: () => number;

  constructor(private readonly pool: PgPool, private readonly options: PgSessionStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  async create(memberId: string): Promise<StaffSession> {
    const now = this.now();
    // Expired sessions go at each sign-in, as in memory: the table never outgrows the recent sign-ins.
    await this.pool.query('DELETE FROM staff_sessions WHERE created_at <= $1 OR last_seen_at <= $2', [now - this.options.ttlMs, now - this.options.idleMs]);
    const id = randomToken(32);
    const csrfToken = randomToken(32);
    await this.pool.query('INSERT INTO staff_sessions (key, member_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)', [sessionKey(id), memberId, csrfToken, now]);
    return { id, memberId, csrfToken, createdAt: now, lastSeenAt: now };
  }

  async touch(id: string): Promise<StaffSession | undefined> {
    const now = this.now();
    const { rows } = await this.pool.query<SessionRow>(
      'UPDATE staff_sessions SET last_seen_at = $2 WHERE key = $1 AND created_at > $3 AND last_seen_at > $4 RETURNING member_id, csrf_token, created_at, last_seen_at',
      [sessionKey(id), now, now - this.options.ttlMs, now - this.options.idleMs],
    );
    const row = rows[0];
    if (!row) {
      await this.pool.query('DELETE FROM staff_sessions WHERE key = $1', [sessionKey(id)]);
      return undefined;
    }
    return { id, memberId: row.member_id, csrfToken: row.csrf_token, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at) };
  }

  async delete(id: string): Promise<void> {
    await this.pool.query('DELETE FROM staff_sessions WHERE key = $1', [sessionKey(id)]);
  }
}

/** Failed sign-ins and known devices for every instance: the throttle counts the same wherever a try lands. */
export class PgSignInAttemptStore implements SignInAttemptStore {
  constructor(private readonly pool: PgPool) {}

  async failures(key: string, since: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ at: string }>('SELECT at FROM staff_signin_failures WHERE key = $1 AND at >= $2 ORDER BY at', [key, since]);
    return rows.map((r) => Number(r.at));
  }

  async addFailure(keys: string[], at: number, keep: number): Promise<void> {
    await this.pool.query('INSERT INTO staff_signin_failures (key, at) SELECT unnest($1::text[]), $2', [keys, at]);
    // Keep the newest `keep` per key; a day-old failure counts for no window.
    await this.pool.query(
      `DELETE FROM staff_signin_failures f USING (
         SELECT ctid, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS rank FROM staff_signin_failures WHERE key = ANY($1::text[])
       ) r WHERE f.ctid = r.ctid AND r.rank > $2`,
      [keys, keep],
    );
    await this.pool.query('DELETE FROM staff_signin_failures WHERE at < $1', [at - 24 * 60 * 60_000]);
  }

  async clear(key: string): Promise<void> {
    await this.pool.query('DELETE FROM staff_signin_failures WHERE key = $1', [key]);
  }

  async deviceOwner(token: string, now: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ staff_id: string }>('SELECT staff_id FROM staff_devices WHERE token = $1 AND until > $2', [token, now]);
    return rows[0]?.staff_id;
  }

  async rememberDevice(token: string, staffId: string, until: number, now: number): Promise<void> {
    await this.pool.query('DELETE FROM staff_devices WHERE until <= $1', [now]);
    await this.pool.query('INSERT INTO staff_devices (token, staff_id, until) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET staff_id = EXCLUDED.staff_id, until = EXCLUDED.until', [token, staffId, until]);
  }
}
