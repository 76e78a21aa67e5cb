import type { ChannelAccount, CloudAdapter } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { AppConfig } from '../../platform/config.js';
import { registerDirectLineRoutes } from './directLineRoutes.js';
import type { DirectLineStore } from './directLineStore.js';
import { attachDirectLineStream } from './directLineStream.js';
import { DirectLineTurnRunner, type RunTurn } from './directLineTurns.js';
import { InProcessChannelAuthentication } from './inProcessChannelAuthentication.js';
import { InProcessConnectorFactory } from './inProcessConnector.js';
import { MemoryDirectLineStore } from './memoryDirectLineStore.js';
import { directLineOrigins } from './pageSecurity.js';
import { registerPageRoutes } from './pageRoutes.js';
import { allowEmbeddingOrigins } from './embedOrigins.js';
import { registerTokenRoute, type TokenRouteDeps } from './tokenRoute.js';
import { DirectLineTokenService, type StreamTicketStore } from './tokenService.js';
import type { LimiterFactory } from '../../platform/http/rateLimits.js';
import type { UploadStore } from '../../dialogs/uploadStore.js';
import { AzureSessionIssuer, LocalSessionIssuer, type WebChatSessionIssuer } from './webChatSessions.js';

export { DIRECT_LINE_SERVICE_URL, isInProcessServiceUrl } from './inProcessConnector.js';
export type { RunTurn } from './directLineTurns.js';

/** The local Direct Line's state and the in-process connector the adapter needs to reach it. */
export interface InProcessDirectLine {
  readonly store: DirectLineStore;
  /** The bot as clients see it on its activities. */
  readonly bot: ChannelAccount;
  /**
   * Give this to createAdapter: connector clients for the Direct Line serviceUrl then write into
   * the store, for replies within a turn and for `adapter.continueConversationAsync` alike.
   */
  wrapAuthentication(auth: BotFrameworkAuthentication): BotFrameworkAuthentication;
  /** The wrapped authentication, once createAdapter has called wrapAuthentication. */
  readonly authentication: BotFrameworkAuthentication | undefined;
}

/** The bounds of the local Direct Line (DIRECT_LINE_*), for the memory and the shared store alike. */
export function directLineBounds(config: AppConfig, now?: () => number) {
  return {
    maxHistory: config.DIRECT_LINE_MAX_HISTORY,
    idleMs: config.DIRECT_LINE_IDLE_MINUTES * 60_000,
    maxConversations: config.DIRECT_LINE_MAX_CONVERSATIONS,
    maxConversationsPerAddress: config.DIRECT_LINE_MAX_CONVERSATIONS_PER_ADDRESS,
    maxConversationBytes: config.DIRECT_LINE_MAX_CONVERSATION_BYTES,
    maxTotalBytes: config.DIRECT_LINE_MAX_TOTAL_BYTES,
    maxStreamsPerConversation: config.DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION,
    ...(now ? { now } : {}),
  };
}

export function createInProcessDirectLine(config: AppConfig, options: { now?: () => number; store?: DirectLineStore } = {}): InProcessDirectLine {
  const store = options.store ?? new MemoryDirectLineStore(directLineBounds(config, options.now));
  const bot: ChannelAccount = { id: config.MicrosoftAppId ?? 'support-bot', name: 'Atradius', role: 'bot' };
  const factory = new InProcessConnectorFactory({ store, bot });
  let authentication: BotFrameworkAuthentication | undefined;
  return {
    store,
    bot,
    wrapAuthentication(auth) {
      authentication = new InProcessChannelAuthentication(auth, factory);
      return authentication;
    },
    get authentication() {
      return authentication;
    },
  };
}

export interface WebChannelDeps {
  config: AppConfig;
  logger: Logger;
  adapter: CloudAdapter;
  /** Runs the bot for one turn; it must wait until the bot is ready. */
  runTurn: RunTurn;
  directLine: InProcessDirectLine;
  /** Clock for tokens (tests). */
  now?: () => number;
  /** The client portal's sign-in (PORTAL_ASSERTION_SECRET / PORTAL_JWKS_URL); absent = anonymous visitors only. */
  portal?: TokenRouteDeps['portal'];
  /** Where files uploaded in website conversations are kept; absent = the local Direct Line refuses uploads (405). */
  uploads?: UploadStore;
  /** Used stream tickets shared by several instances; in memory by default. */
  streamTickets?: StreamTicketStore;
  /** Where the website's rate limits count (shared by several instances); in memory by default. */
  limiters?: LimiterFactory;
}

export interface WebChannel {
  readonly mode: 'local' | 'azure';
  close(): void;
}

/**
 * The website channel: GET / (the chat page), POST /api/directline/token, and — unless an Azure
 * Direct Line secret is configured — the local Direct Line (/v3/directline/*, REST + WebSocket).
 */
export function registerWebChannel(server: Server, deps: WebChannelDeps): WebChannel {
  const { config, logger, directLine } = deps;
  const log = logger.child({ component: 'webchat' });
  const authentication = directLine.authentication;
  if (!authentication) throw new Error('createAdapter was not given directLine.wrapAuthentication: bot replies could not reach Direct Line conversations.');

  let secret: Uint8Array;
  if (config.DIRECT_LINE_TOKEN_SECRET) {
    secret = new TextEncoder().encode(config.DIRECT_LINE_TOKEN_SECRET);
  } else {
    secret = DirectLineTokenService.randomSecret();
    if (!config.DIRECT_LINE_SECRET) log.warn('DIRECT_LINE_TOKEN_SECRET is not set: using a random key, so website conversations will not survive a restart');
  }
  const tokens = new DirectLineTokenService({ secret, ttlSeconds: config.DIRECT_LINE_TOKEN_TTL_SECONDS, maxSessionSeconds: config.DIRECT_LINE_SESSION_MAX_HOURS * 3600, now: deps.now, ...(deps.streamTickets ? { streamTickets: deps.streamTickets } : {}) });
  const trustedProxies = config.WEBCHAT_TRUSTED_PROXIES;
  const mode = config.DIRECT_LINE_SECRET ? 'azure' : 'local';

  let issuer: WebChatSessionIssuer;
  let closeStream = () => undefined as void;
  if (config.DIRECT_LINE_SECRET) {
    issuer = new AzureSessionIssuer({
      secret: config.DIRECT_LINE_SECRET,
      endpoint: config.DIRECT_LINE_ENDPOINT,
      trustedOrigins: (config.DIRECT_LINE_TRUSTED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    });
  } else {
    const turns = new DirectLineTurnRunner({ adapter: deps.adapter, authentication, appId: config.MicrosoftAppId ?? '', runTurn: deps.runTurn });
    registerDirectLineRoutes(server, {
      store: directLine.store,
      tokens,
      turns,
      bot: directLine.bot,
      logger: log,
      trustedProxies,
      maxActivityBytes: config.DIRECT_LINE_MAX_ACTIVITY_BYTES,
      maxUploadBytes: config.DIRECT_LINE_MAX_UPLOAD_BYTES,
      ...(deps.uploads ? { uploads: deps.uploads } : {}),
      ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
      ...(deps.now ? { now: () => new Date(deps.now!()) } : {}),
      ...(deps.limiters ? { limiters: deps.limiters } : {}),
    });
    const stream = attachDirectLineStream(server.server, { store: directLine.store, tokens, logger: log, maxStreamsPerConversation: config.DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION });
    closeStream = () => stream.close();
    issuer = new LocalSessionIssuer(tokens);
    allowEmbeddingOrigins(server, (config.WEBCHAT_EMBED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  }
  registerTokenRoute(server, { issuer, tokensPerMinute: config.DIRECT_LINE_TOKEN_RATE_LIMIT, trustedProxies, logger: log, ...(deps.portal ? { portal: deps.portal } : {}), ...(deps.limiters ? { limiters: deps.limiters } : {}) });
  registerPageRoutes(server, { connectOrigins: mode === 'azure' ? directLineOrigins(config.DIRECT_LINE_ENDPOINT) : [], trustedProxies });

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    closeStream();
    directLine.store.close();
  };
  // Open WebSockets would keep http.Server.close() waiting forever, and the composition root
  // only calls server.close(): close our sockets first, then let the server close.
  const closeServer = server.close.bind(server);
  server.close = ((...args: Parameters<Server['close']>) => {
    close();
    return closeServer(...args);
  }) as Server['close'];

  log.info({ mode, page: '/', directLine: mode === 'azure' ? config.DIRECT_LINE_ENDPOINT : '/v3/directline' }, 'website channel ready');
  return { mode, close };
}
