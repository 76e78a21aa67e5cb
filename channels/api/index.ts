import type { CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../platform/config.js';
import { bearerToken } from '../../platform/http/bearer.js';
import { RateLimits, type LimiterFactory } from '../../platform/http/rateLimits.js';
import { registerAskRoute } from './askRoute.js';
import { registerHealthRoute } from './healthRoute.js';
import { messagesAccess } from './anonymousActivities.js';
import { registerMessagesRoute } from './messagesRoute.js';
import type { ReadyBot } from './ready.js';

export { serviceUrlMatcher } from './serviceUrl.js';
export type { ReadyBot } from './ready.js';

export interface ApiRoutesDeps {
  config: AppConfig;
  logger: Logger;
  adapter: CloudAdapter;
  ready: ReadyBot;
  /** The answering mode and models for /healthz (never a key). */
  mode: () => { mode: string; chatModel?: string; embeddingModel?: string };
  /** Where the rate limits count (shared by several instances); in memory by default. */
  limiters?: LimiterFactory;
}

/**
 * The bot's HTTP API: /api/messages (Bot Framework), /api/ask, /healthz, and the rate limits
 * of those and of the staff API (registered first, so they run before the staff routes).
 */
export function registerApiRoutes(server: Server, deps: ApiRoutesDeps): void {
  const { config } = deps;
  const limits = new RateLimits({
    perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
    perUserPerMinute: config.RATE_LIMIT_PER_USER_PER_MINUTE,
    trustedProxies: config.WEBCHAT_TRUSTED_PROXIES,
    perIpOnMessages: !config.MicrosoftAppId,
    ...(deps.limiters ? { limiters: deps.limiters } : {}),
  });
  // Staff API calls count per address and per bearer token (hashed by the limiter's key only in memory).
  // (restify wants a callback-style handler here: async handlers may not take `next`.)
  server.use((req, res, next) => {
    if (!req.path().startsWith('/api/staff/')) return next();
    limits.allow(req, res, 'staff', bearerToken(req.header('authorization'))).then(
      (allowed) => next(allowed ? undefined : false),
      (error: unknown) => next(error as Error),
    );
  });
  registerHealthRoute(server, deps);
  registerMessagesRoute(server, { ...deps, limits, serviceUrlAllowList: config.SERVICE_URL_ALLOWLIST, access: messagesAccess(config) });
  registerAskRoute(server, { ...deps, limits, maxMessageChars: config.MAX_MESSAGE_CHARS });
}
