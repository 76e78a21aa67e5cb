import { randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

/** What a Direct Line token grants: one user, one conversation. */
export interface TokenGrant {
  userId: string;
  conversationId: string;
}

export interface VerifiedToken extends TokenGrant {
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type TokenProblem = 'invalid' | 'expired';

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem, message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface TokenServiceOptions {
  /** HS256 key; at least 32 bytes. */
  secret: Uint8Array;
  ttlSeconds: number;
  /** Stream URLs carry their own short-lived token (a WebSocket cannot send a header). */
  streamTtlSeconds?: number;
  now?: () => number;
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
  private readonly now: () => number;

  constructor(private readonly options: TokenServiceOptions) {
    if (options.secret.length < 32) throw new Error('The Direct Line token secret must be at least 32 bytes.');
    this.ttlSeconds = options.ttlSeconds;
    this.streamTtlSeconds = options.streamTtlSeconds ?? 300;
    this.now = options.now ?? Date.now;
  }

  /** A random secret for when none is configured: tokens then die with the process. */
  static randomSecret(): Uint8Array {
    return new Uint8Array(randomBytes(32));
  }

  issue(grant: TokenGrant): Promise<string> {
    return this.sign(grant, CONVERSATION_AUDIENCE, this.ttlSeconds);
  }

  issueStreamToken(grant: TokenGrant): Promise<string> {
    return this.sign(grant, STREAM_AUDIENCE, this.streamTtlSeconds);
  }

  verify(token: string): Promise<VerifiedToken> {
    return this.check(token, CONVERSATION_AUDIENCE);
  }

  verifyStreamToken(token: string): Promise<VerifiedToken> {
    return this.check(token, STREAM_AUDIENCE);
  }

  /** Seconds left before `token` expires, for the `expires_in` fields. */
  secondsLeft(verified: VerifiedToken): number {
    return Math.max(0, verified.expiresAt - Math.floor(this.now() / 1000));
  }

  private async sign(grant: TokenGrant, audience: string, ttlSeconds: number): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({ user: grant.userId, conv: grant.conversationId })
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
      return { userId: payload.user, conversationId: payload.conv, expiresAt: payload.exp };
    } catch (error) {
      if (error instanceof TokenError) throw error;
      // Signature is checked before expiry, so a forged token that is also expired reads "invalid".
      if (error instanceof errors.JWTExpired) throw new TokenError('expired', 'The token has expired.');
      throw new TokenError('invalid', 'The token is not valid.');
    }
  }
}
