import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { memoryLimiters, type LimiterFactory } from '../../platform/http/rateLimits.js';
import { sendDirectLineError } from './directLineErrors.js';
import { clientAddress, requestOrigin } from '../../platform/http/requestOrigin.js';
import { bearerToken } from '../../platform/http/bearer.js';
import { DirectLineServiceError, type WebChatSessionIssuer } from './webChatSessions.js';
import type { VerifiedClient } from '../../dialogs/clientIdentity.js';
import type { IdentityStore } from '../../identity/identityStore.js';
import { PortalAssertionError, type PortalAssertionVerifier } from '../../identity/portalAssertion.js';

export const TOKEN_ROUTE = '/api/directline/token';

export interface TokenRouteDeps {
  issuer: WebChatSessionIssuer;
  /** Tokens per client address per minute. */
  tokensPerMinute: number;
  trustedProxies: number;
  logger: Logger;
  /** The portal's sign-in; absent = a bearer assertion is refused (nothing could check it). */
  portal?: { verifier: PortalAssertionVerifier; identities: IdentityStore };
  /** Where the limits count (shared by several instances); in memory by default. */
  limiters?: LimiterFactory;
}

/**
 * POST /api/directline/token: the page's way into a conversation.
 * - Without credentials: an anonymous conversation (the public website). Anyone may call it, so
 *   it is rate-limited per client address.
 * - With `Authorization: Bearer <portal assertion>`: the client portal's server exchanges its
 *   signed assertion of the signed-in user; the conversation is bound to that verified client
 *   before the token is returned. A bad assertion gets 401 and creates nothing. Exchanges are
 *   limited per client (the portal's server is one address for all its users), and failed ones
 *   per address.
 */
export function registerTokenRoute(server: Server, deps: TokenRouteDeps): void {
  const limiters = deps.limiters ?? memoryLimiters;
  const anonymousLimiter = limiters({ keyPrefix: 'dl-token', points: deps.tokensPerMinute, duration: 60 });
  const clientLimiter = limiters({ keyPrefix: 'dl-token-client', points: deps.tokensPerMinute, duration: 60 });
  const failureLimiter = limiters({ keyPrefix: 'dl-token-failure', points: deps.tokensPerMinute, duration: 60 });

  server.post(TOKEN_ROUTE, async (req: Request, res: Response) => {
    res.header('cache-control', 'no-store');
    const log = deps.logger.child({ requestId: res.getHeader('x-request-id') });
    const address = clientAddress(req, deps.trustedProxies);
    const tooMany = (msBeforeNext: number): true => {
      res.header('retry-after', String(Math.max(1, Math.ceil(msBeforeNext / 1000))));
      sendDirectLineError(res, 429, 'TooManyRequests', 'Too many conversations started from this address; try again shortly.');
      return true;
    };
    const limited = async (limiter: RateLimiterAbstract, key: string): Promise<boolean> => {
      try {
        await limiter.consume(key);
        return false;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return tooMany(rejection.msBeforeNext);
      }
    };
    try {
      const assertion = req.headers.authorization === undefined ? undefined : bearerToken(req.headers.authorization);
      let client: VerifiedClient | undefined;
      if (req.headers.authorization !== undefined) {
        const failures = await failureLimiter.get(address);
        if (failures && failures.remainingPoints <= 0) return tooMany(failures.msBeforeNext);
        if (!deps.portal || !assertion) return refuse(res, log, 'no portal sign-in configured or no bearer assertion');
        try {
          client = await deps.portal.verifier.verify(assertion);
        } catch (error) {
          if (!(error instanceof PortalAssertionError)) throw error;
          if (error.reason === 'keys_unavailable') {
            log.error('the portal key set could not be fetched');
            return sendDirectLineError(res, 503, 'ServiceUnavailable', 'Sign-in cannot be checked right now.');
          }
          await failureLimiter.consume(address).catch(() => undefined);
          return refuse(res, log, error.reason);
        }
        if (await limited(clientLimiter, client.clientId)) return;
      } else if (await limited(anonymousLimiter, address)) {
        return;
      }
      const { secure, host } = requestOrigin(req, deps.trustedProxies);
      const session = await deps.issuer.issue(`${secure ? 'https' : 'http'}://${host}`);
      if (client && deps.portal) {
        // Bound before the token leaves: the conversation's very first activity is already verified.
        await deps.portal.identities.bind({ channelId: deps.issuer.channelId, userId: session.userId, conversationId: session.conversationId, client });
        log.info({ method: 'portal' }, 'website conversation started for a verified client');
      }
      res.json(session);
    } catch (error) {
      if (error instanceof DirectLineServiceError) {
        log.error({ status: error.status, reason: error.message }, 'could not get a Direct Line token');
        return sendDirectLineError(res, 502, 'ServiceUnavailable', 'The chat service is not available right now.');
      }
      log.error({ err: error }, 'token request failed');
      sendDirectLineError(res, 500, 'ServiceError', 'The request could not be processed.');
    }
  });
}

/** One answer for every refused assertion: which check failed is for the log, not the caller. */
function refuse(res: Response, log: Logger, reason: string): void {
  log.warn({ reason }, 'portal assertion refused');
  res.header('www-authenticate', 'Bearer error="invalid_token"');
  sendDirectLineError(res, 401, 'Unauthorized', 'The sign-in assertion is not valid.');
}
