import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { sendDirectLineError } from './directLineErrors.js';
import { clientAddress, requestOrigin } from '../../platform/http/requestOrigin.js';
import { DirectLineServiceError, type WebChatSessionIssuer } from './webChatSessions.js';

export const TOKEN_ROUTE = '/api/directline/token';

export interface TokenRouteDeps {
  issuer: WebChatSessionIssuer;
  /** Tokens per client address per minute. */
  tokensPerMinute: number;
  trustedProxies: number;
  logger: Logger;
}

/**
 * POST /api/directline/token: the page's way into a conversation. Anyone may call it, so it is
 * rate-limited per client address; everything it returns is meant for that browser only.
 */
export function registerTokenRoute(server: Server, deps: TokenRouteDeps): void {
  const limiter = new RateLimiterMemory({ points: deps.tokensPerMinute, duration: 60 });

  server.post(TOKEN_ROUTE, async (req: Request, res: Response) => {
    res.header('cache-control', 'no-store');
    const log = deps.logger.child({ requestId: res.getHeader('x-request-id') });
    try {
      await limiter.consume(clientAddress(req, deps.trustedProxies));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        log.error({ err: rejection }, 'rate limiter failed');
        return sendDirectLineError(res, 500, 'ServiceError', 'The request could not be processed.');
      }
      res.header('retry-after', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      return sendDirectLineError(res, 429, 'TooManyRequests', 'Too many conversations started from this address; try again shortly.');
    }
    try {
      const { secure, host } = requestOrigin(req, deps.trustedProxies);
      const session = await deps.issuer.issue(`${secure ? 'https' : 'http'}://${host}`);
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
