import { randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

/** What a Direct Line token grants: one user, one conversation. */
export interface TokenGrant {
  userId: string;
  conversationId: string;
  /** When the first token of this conversation was issued (seconds); refreshes keep it. */
  sessionStartedAt?: number;
}

export interface VerifiedToken extends TokenGrant {
  /** Seconds since the epoch. */
  expiresAt: number;
  sessionStartedAt: number;
  /** Stream tokens only: their single-use id. */
  tokenId?: string;
}

export type TokenProblem = 'invalid' | 'expired';

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem, message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/**
 * Which stream tickets (the single-use ids of stream URLs) have been used. In memory for one
 * instance; shared (PostgreSQL) when several serve one website, so a URL opens one socket in all.
 */
export interface StreamTicketStore {
  /** Marks the ticket used; false when it already was. `expiresAt` in seconds, after which it may be forgotten. */
  use(id: string, expiresAt: number): Promise<boolean>;
}

/** The single-instance ticket store: a map pruned of expired tickets on each use. */
export class MemoryStreamTickets implements StreamTicketStore {
  private readonly used = new Map<string, number>();

  constructor(private readonly nowSeconds: () => number) {}

  async use(id: string, expiresAt: number): Promise<boolean> {
    const now = this.nowSeconds();
    for (const [used, until] of this.used) if (until < now) this.used.delete(used);
    if (this.used.has(id)) return false;
    this.used.set(id, expiresAt);
    return true;
  }
}

export interface TokenServiceOptions {
  /** HS256 key; at least 32 bytes. */
  secret: Uint8Array;
  ttlSeconds: number;
  /** Stream URLs carry their own short-lived, single-use token (a WebSocket cannot send a header). */
  streamTtlSeconds?: number;
  /** How long refreshing can keep one conversation's tokens alive; then the page starts a new one. */
  maxSessionSeconds?: number;
  now?: () => number;
  /** Used stream tickets; in memory (this instance) by default. */
  streamTickets?: StreamTicketStore;
}

const ISSUER = 'support-bot/directline';
/** Distinct audiences keep a stream token from being used as a conversation token, and back. */
const CONVERSATION_AUDIENCE = 'directline';
const STREAM_AUDIENCE = 'directline-stream';

/**
 * Signs and checks the local Direct Line tokens (JWT, HS256). The claims follow Azure's tokens:
 * `user` (Web Chat reads the user id from it, so the page cannot choose its own) and `conv`.
 */
export class DirectLineTokenService {
  readonly ttlSeconds: number;
  private readonly streamTtlSeconds: number;
  private readonly maxSessionSeconds: number;
  private readonly now: () => number;
  /** Stream tokens already used, until they would have expired anyway. */
  private readonly streamTickets: StreamTicketStore;

  constructor(private readonly options: TokenServiceOptions) {
    if (options.secret.length < 32) throw new Error('The Direct Line token secret must be at least 32 bytes.');
    this.ttlSeconds = options.ttlSeconds;
    this.streamTtlSeconds = options.streamTtlSeconds ?? 60;
    this.maxSessionSeconds = options.maxSessionSeconds ?? 24 * 3600;
    this.now = options.now ?? Date.now;
    this.streamTickets = options.streamTickets ?? new MemoryStreamTickets(() => Math.floor(this.now() / 1000));
  }

  /** A random secret for when none is configured: tokens then die with the process. */
  static randomSecret(): Uint8Array {
    return new Uint8Array(randomBytes(32));
  }

  /** A conversation token; for a refresh, pass the verified grant: the session's start is kept. */
  issue(grant: TokenGrant): Promise<string> {
    return this.sign(grant, CONVERSATION_AUDIENCE, this.ttlSeconds);
  }

  /**
   * A new token for a verified one (POST /tokens/refresh). A token chain cannot be refreshed
   * forever: past maxSessionSeconds from the session's first token it is refused as expired,
   * and the last token never outlives that bound.
   */
  async refresh(grant: VerifiedToken): Promise<string> {
    const now = Math.floor(this.now() / 1000);
    if (now - grant.sessionStartedAt >= this.maxSessionSeconds) throw new TokenError('expired', 'The conversation is too old to be refreshed; start a new one.');
    return this.sign(grant, CONVERSATION_AUDIENCE, Math.min(this.ttlSeconds, grant.sessionStartedAt + this.maxSessionSeconds - now));
  }

  issueStreamToken(grant: TokenGrant): Promise<string> {
    return this.sign(grant, STREAM_AUDIENCE, this.streamTtlSeconds, randomBytes(12).toString('base64url'));
  }

  verify(token: string): Promise<VerifiedToken> {
    return this.check(token, CONVERSATION_AUDIENCE);
  }

  /**
   * Checks a stream token and uses it up: a stream URL opens one WebSocket, once (a reconnect asks
   * for a new URL, as botframework-directlinejs does), so a URL seen in a log or a proxy is worthless.
   */
  async consumeStreamToken(token: string): Promise<VerifiedToken> {
    const verified = await this.check(token, STREAM_AUDIENCE);
    const id = verified.tokenId;
    if (!id) throw new TokenError('invalid', 'The stream token has no id.');
    if (!(await this.streamTickets.use(id, verified.expiresAt))) throw new TokenError('invalid', 'The stream URL has already been used.');
    return verified;
  }

  /** Seconds left before `token` expires, for the `expires_in` fields. */
  secondsLeft(verified: VerifiedToken): number {
    return Math.max(0, verified.expiresAt - Math.floor(this.now() / 1000));
  }

  private async sign(grant: TokenGrant, audience: string, ttlSeconds: number, tokenId?: string): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    const jwt = new SignJWT({ user: grant.userId, conv: grant.conversationId, sess: grant.sessionStartedAt ?? issuedAt });
    if (tokenId) jwt.setJti(tokenId);
    return jwt
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(this.options.secret);
  }

  private async check(token: string, audience: string): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, this.options.secret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp', 'user', 'conv'],
      });
      if (typeof payload.user !== 'string' || typeof payload.conv !== 'string' || typeof payload.exp !== 'number') {
        throw new TokenError('invalid', 'The token does not name a user and a conversation.');
      }
      // Tokens from before `sess` existed count from their own issue time.
      const sessionStartedAt = typeof payload.sess === 'number' ? payload.sess : (payload.iat ?? 0);
      return { userId: payload.user, conversationId: payload.conv, expiresAt: payload.exp, sessionStartedAt, ...(payload.jti ? { tokenId: payload.jti } : {}) };
    } catch (error) {
      if (error instanceof TokenError) throw error;
      // Signature is checked before expiry, so a forged token that is also expired reads "invalid".
      if (error instanceof errors.JWTExpired) throw new TokenError('expired', 'The token has expired.');
      throw new TokenError('invalid', 'The token is not valid.');
    }
  }
}
