import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { VerifiedClient } from '../dialogs/clientIdentity.js';
import type { PolicyDirectory } from '../dialogs/policyDirectory.js';
import type { IdentityStore } from './identityStore.js';

/**
 * The client portal's word for who is signed in: a short-lived JWT its server signs and
 * exchanges for a Direct Line token (POST /api/directline/token, `Authorization: Bearer …`).
 * The browser never holds it, so it can neither forge nor alter the identity its chat carries.
 *
 * Claims: `sub` — the client's id in the policy directory; `email` (and optionally `name`) —
 * the signed-in person; `jti` — single use; `iat`, `exp` — at most maxLifetimeSeconds apart;
 * `aud` — this bot; `iss` — checked when configured.
 */
export interface PortalAssertionOptions {
  /** HS256 key shared with the portal. */
  secret?: Uint8Array;
  /** Where the portal publishes its RS256/ES256 public keys. */
  jwksUrl?: URL;
  audience: string;
  issuer?: string;
  maxLifetimeSeconds: number;
  /** How long the verified identity lasts once exchanged. */
  verifiedForSeconds: number;
  directory: PolicyDirectory;
  store: Pick<IdentityStore, 'useOnce'>;
  now: () => Date;
  /** Fetch for the JWKS (tests, proxies); defaults to the global one. */
  jwksTimeoutMs?: number;
}

/** Why an assertion was refused; logged, never shown to the caller beyond "invalid". */
export class PortalAssertionError extends Error {
  constructor(readonly reason: 'malformed' | 'signature' | 'expired' | 'audience' | 'issuer' | 'claims' | 'lifetime' | 'replayed' | 'unknown_client' | 'keys_unavailable') {
    super(`portal assertion refused: ${reason}`);
    this.name = 'PortalAssertionError';
  }
}

const ASYMMETRIC = ['RS256', 'ES256'];
/** Portal and bot clocks differ a little; a few seconds, not minutes. */
const CLOCK_TOLERANCE_SECONDS = 30;

export class PortalAssertionVerifier {
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly options: PortalAssertionOptions) {
    if (!options.secret && !options.jwksUrl) throw new Error('A portal assertion verifier needs a secret or a JWKS URL.');
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(options.jwksUrl, { timeoutDuration: options.jwksTimeoutMs ?? 5_000, cooldownDuration: 30_000 });
  }

  /** Checks the assertion, uses it up, and returns the verified client it names. */
  async verify(assertion: string): Promise<VerifiedClient> {
    const payload = await this.checkSignature(assertion);
    const { sub, email, name, jti, iat, exp } = payload as JWTPayload & { email?: unknown; name?: unknown };
    if (typeof sub !== 'string' || typeof email !== 'string' || typeof jti !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') {
      throw new PortalAssertionError('claims');
    }
    if (name !== undefined && typeof name !== 'string') throw new PortalAssertionError('claims');
    if (exp - iat > this.options.maxLifetimeSeconds) throw new PortalAssertionError('lifetime');
    if (!this.options.directory.client(sub)) throw new PortalAssertionError('unknown_client');
    const now = this.options.now();
    // Used up only once everything else holds: a refused assertion does not burn a valid one's id.
    if (!(await this.options.store.useOnce(`portal:${jti}`, new Date((exp + CLOCK_TOLERANCE_SECONDS) * 1000), now))) throw new PortalAssertionError('replayed');
    return {
      clientId: sub,
      contact: { email, ...(name ? { name } : {}) },
      method: 'portal',
      verifiedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.options.verifiedForSeconds * 1000).toISOString(),
    };
  }

  private async checkSignature(assertion: string): Promise<JWTPayload> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(assertion).alg;
    } catch {
      throw new PortalAssertionError('malformed');
    }
    const verifyOptions = {
      audience: this.options.audience,
      ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
      currentDate: this.options.now(),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    };
    try {
      if (alg === 'HS256' && this.options.secret) {
        return (await jwtVerify(assertion, this.options.secret, { ...verifyOptions, algorithms: ['HS256'] })).payload;
      }
      if (alg && ASYMMETRIC.includes(alg) && this.jwks) {
        return (await jwtVerify(assertion, this.jwks, { ...verifyOptions, algorithms: ASYMMETRIC })).payload;
      }
      // "none", another algorithm, or HS256 against a public key (the classic confusion attack).
      throw new PortalAssertionError('signature');
    } catch (error) {
      if (error instanceof PortalAssertionError) throw error;
      if (error instanceof errors.JWTExpired) throw new PortalAssertionError('expired');
      if (error instanceof errors.JWTClaimValidationFailed) {
        if (error.claim === 'aud') throw new PortalAssertionError('audience');
        if (error.claim === 'iss') throw new PortalAssertionError('issuer');
        throw new PortalAssertionError('claims');
      }
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC' && /fetch|network/i.test(error.message)) {
        throw new PortalAssertionError('keys_unavailable');
      }
      throw new PortalAssertionError('signature');
    }
  }
}
