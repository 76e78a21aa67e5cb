import type { AddressInfo } from 'node:net';
import { ConversationState, TranscriptLoggerMiddleware } from 'botbuilder';
import type { Logger } from 'pino';
import { extractReportFields } from '../dialogs/extraction/offlineExtractor.js';
import { IntentRouter } from '../dialogs/intentRouter.js';
import { createLlmIntentAssistant } from '../dialogs/llmIntentAssist.js';
import { PolicyDirectory } from '../dialogs/policyDirectory.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { DialogServices, ReportExtractor } from '../dialogs/services.js';
import { HashedEmbeddings } from '../knowledge/embeddings/hashedEmbeddings.js';
import { openKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { ActivityDedupeMiddleware } from '../bot/middleware/activityDedupe.js';
import { createAdapter } from '../bot/adapter.js';
import { llmSettings, type AppConfig } from '../platform/config.js';
import { createChatModel, createEmbeddings, describeLlm } from '../knowledge/llm/models.js';
import { LlmQueryRewriter, OfflineQueryRewriter } from '../knowledge/answering/followUp.js';
import { createLlmExtractor } from '../dialogs/extraction/llmExtractor.js';
import { registerApiRoutes } from '../channels/api/index.js';
import { createHttpServer } from '../platform/http/server.js';
import { openPostgresStores } from '../storage/postgres/pgStores.js';
import { openSqliteStores, type Stores } from '../storage/stores.js';
import { KnowledgeReplies } from '../bot/knowledgeReplies.js';
import { HandoffService } from '../handoff/handoffService.js';
import { adapterDelivery } from '../handoff/proactive.js';
import { registerStaffApi } from '../staff/staffApi.js';
import { registerPrivacyApi } from '../staff/privacyApi.js';
import { StaffDirectory } from '../staff/staffDirectory.js';
import { registerStaffPages } from '../staff/pages/index.js';
import { SupportBot } from '../bot/supportBot.js';
import { createTeamsChannel, TeamsCitationLimits, TenantRestriction } from '../channels/teams/index.js';
import { ConversationTurnLock } from '../bot/middleware/turnLock.js';
import { createInsights, type Insights } from '../insights/index.js';
import { BotMetrics } from '../platform/metrics/botMetrics.js';
import { InFlightWork } from '../platform/shutdown/inFlight.js';
import { instrumentChatModel } from '../platform/metrics/llmMetrics.js';
import { registerMetricsRoute, startInternalMetricsServer, type InternalMetricsServer } from '../platform/metrics/metricsEndpoint.js';
import { TurnMetricsMiddleware } from '../bot/middleware/turnMetrics.js';
import { createInProcessDirectLine, registerWebChannel } from '../channels/webchat/index.js';
import type { CaseStore } from '../dialogs/caseStore.js';
import type { HandoffStore } from '../handoff/types.js';

export interface App {
  /** Starts listening, then loads (or builds) the knowledge index; resolves once ready. */
  start(): Promise<{ port: number; metricsPort?: number }>;
  stop(): Promise<void>;
  /** Resolves when the knowledge index is loaded. */
  readonly knowledge: Promise<KnowledgeBase>;
  /** Stores and directories, for tests and operations tooling. */
  readonly internals: AppInternals;
}

export interface AppOptions {
  logger: Logger;
  /** Show an ingest progress bar on a terminal. */
  progress?: boolean;
  /** The time source (tests fix it). */
  clock?: Clock;
}

export interface AppInternals {
  cases: CaseStore;
  directory: PolicyDirectory;
  handoff: HandoffService;
  handoffStore: HandoffStore;
  stores: Stores;
  /** Answer log, feedback and report events (absent on PostgreSQL until its insights store exists). */
  insights?: Insights;
  metrics: BotMetrics;
  inFlight: InFlightWork;
}

/**
 * The composition root: configuration → storage → state → knowledge → bot → adapter → server.
 * Everything else receives its collaborators through its constructor.
 */
export function createApp(config: AppConfig, options: AppOptions): App {
  const { logger } = options;
  // SQLite in DATA_DIR by default; PostgreSQL when several instances share the state.
  const stores: Stores = config.DATABASE_URL
    ? openPostgresStores({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolMax: config.DATABASE_POOL_MAX, logger })
    : openSqliteStores(config.DATA_DIR);
  const conversationState = new ConversationState(stores.state);
  const cases = stores.cases;
  const directory = PolicyDirectory.fromFile(config.POLICY_DIRECTORY_FILE);
  const clock = options.clock ?? systemClock;
  // The website's local Direct Line: its replies reach the browser through an in-process connector.
  const directLine = createInProcessDirectLine(config);
  const adapter = createAdapter(config, logger, { wrapAuthentication: directLine.wrapAuthentication });
  // Operations: Prometheus metrics, and the work in progress a graceful shutdown waits for (first middleware).
  const metrics = new BotMetrics();
  const inFlight = new InFlightWork((count) => metrics.inFlight.set(count));
  adapter.use(new TurnMetricsMiddleware({ metrics, inFlight, logger }));
  // Teams from other tenants is dropped first: no lock, dedupe record, transcript or state for it.
  adapter.use(new TenantRestriction(config.ALLOWED_TENANTS, logger));
  adapter.use(new TeamsCitationLimits());
  // Turns of one conversation run one at a time; a replayed activity gets its original replies.
  adapter.use(new ConversationTurnLock());
  if (stores.turnLock) adapter.use(stores.turnLock);
  adapter.use(new ActivityDedupeMiddleware({ store: stores.processed, logger, now: () => clock.now() }));

  const transcripts = stores.transcripts;
  adapter.use(new TranscriptLoggerMiddleware(transcripts));

  let ready: { bot: SupportBot; knowledge: KnowledgeBase } | null = null;
  const handoffStore = stores.handoffs;
  const handoff = new HandoffService({
    store: handoffStore,
    directory,
    recentActivities: (channelId, conversationId) => transcripts.recentMessages(channelId, conversationId),
    delivery: adapterDelivery(adapter, config.MicrosoftAppId ?? ''),
    clock,
    logger,
    mode: config.HANDOFF_MODE,
    acceptTimeoutMs: config.HANDOFF_ACCEPT_TIMEOUT_SECONDS * 1000,
    // Managers who installed the Teams app get the tickets and the client's messages there.
    onTicketChanged: (ticket, event) => {
      metrics.handoffEvent(event);
      return teams.relay.onTicketChanged(ticket, event);
    },
    onClientMessage: (ticket, message) => teams.relay.onClientMessage(ticket, message),
    offerCallback: async (ticket) => {
      await adapter.continueConversationAsync(config.MicrosoftAppId ?? '', ticket.conversationReference, async (context) => {
        await ready?.bot.startCallbackOffer(context, ticket);
      });
    },
  });
  const teams = createTeamsChannel({
    adapter,
    appId: config.MicrosoftAppId ?? '',
    directory,
    // Managers' Teams chats, in the shared database (SQLite or PostgreSQL).
    conversations: stores.staffConversations,
    handoff,
    handoffStore,
    clock,
    logger,
    relayEnabled: config.HANDOFF_MODE === 'relay',
    ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
  });
  const staff = StaffDirectory.fromFile(config.STAFF_FILE);
  if (/staff\.demo\.json$/.test(config.STAFF_FILE)) logger.warn({ file: config.STAFF_FILE }, 'demo staff credentials in use: set STAFF_FILE before going live');
  const sweeper = setInterval(() => handoff.sweep().then(() => teams.relay.sweep()).catch((error) => logger.error({ err: error }, 'handoff sweep failed')), 5_000);
  sweeper.unref();
  // Transcripts older than the retention period are deleted (checked hourly).
  const retention = setInterval(() => {
    const before = new Date(clock.now().getTime() - config.TRANSCRIPT_RETENTION_DAYS * 86_400_000);
    transcripts.prune(before).catch((error) => logger.error({ err: error }, 'transcript retention failed'));
  }, 3_600_000);
  retention.unref();
  // Answer feedback, knowledge gaps and report analytics for /staff/insights.
  const insights: Insights | undefined = createInsights({ store: stores.insights, conversationState, clock, logger, metrics });
  const stopInsightsRetention = insights?.startRetention(config.INSIGHTS_RETENTION_DAYS);
  let metricsServer: InternalMetricsServer | undefined;
  let stopping: Promise<void> | undefined;

  // LLM mode when a key is configured; every LLM path falls back to its offline twin.
  const llm = llmSettings(config);
  const modeInfo = describeLlm(llm);
  // The models are created in start() (their client library loads lazily).
  let chat: Awaited<ReturnType<typeof createChatModel>> | undefined;
  let llmExtract: ReportExtractor | undefined;

  // Free text → report fields: LLM structured output when configured, else the offline parser.
  const extract: ReportExtractor = (text, options) => (llmExtract ? llmExtract(text, options) : Promise.resolve(extractReportFields(text, { today: options.today })));

  let resolveKnowledge!: (kb: KnowledgeBase) => void;
  let rejectKnowledge!: (error: unknown) => void;
  const knowledge = new Promise<KnowledgeBase>((resolve, reject) => {
    resolveKnowledge = resolve;
    rejectKnowledge = reject;
  });
  knowledge.catch(() => undefined);

  const server = createHttpServer({ logger, maxBodyBytes: config.MAX_BODY_BYTES, inFlight });
  registerApiRoutes(server, { config, logger, adapter, ready: () => ready, mode: () => modeInfo });
  registerStaffApi(server, { handoff, staff, logger, cases, directory, clock });
  registerPrivacyApi(server, { staff, privacy: stores.privacy, clock, logger });
  const staffPages = registerStaffPages(server, { handoff, staff, logger, config });
  insights?.registerRoutes(server, { requireStaffSession: staffPages.requireStaffSession, timeZone: config.TIME_ZONE });
  if (config.METRICS_TOKEN) registerMetricsRoute(server, { metrics, token: config.METRICS_TOKEN });
  registerWebChannel(server, {
    config,
    logger,
    adapter,
    directLine,
    // Website turns wait for the bot, which exists once the knowledge index is loaded.
    runTurn: async (context) => {
      await knowledge;
      await ready!.bot.run(context);
    },
  });

  return {
    knowledge,
    internals: { cases, directory, handoff, handoffStore, stores, ...(insights ? { insights } : {}), metrics, inFlight },
    async start() {
      await stores.ready();
      // Another instance queued a message for a client this instance may be able to reach.
      await stores.onRelayMessage?.((ticketId) => void handoff.flushTicket(ticketId).catch(() => undefined));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      if (config.METRICS_PORT !== undefined) metricsServer = await startInternalMetricsServer({ metrics, host: config.METRICS_HOST, port: config.METRICS_PORT, logger });
      logger.info({ port, ...modeInfo }, 'listening; loading the knowledge index');
      try {
        if (llm) {
          chat = await createChatModel(llm);
          instrumentChatModel(chat, metrics);
          llmExtract = createLlmExtractor(chat, logger);
        }
        const llmEmbeddings = llm?.embeddingModel ? await createEmbeddings(llm) : undefined;
        const kb = await openKnowledgeBase({
          knowledgeDir: config.KNOWLEDGE_DIR,
          dataDir: config.DATA_DIR,
          logger,
          progress: options.progress,
          ...(llmEmbeddings ? { embeddings: llmEmbeddings } : {}),
          ...(chat ? { chat } : {}),
        });
        const offlineRewriter = new OfflineQueryRewriter(kb.analyzer);
        // 👍/👎 on answers; during the comment question a report, handoff or case request is processed normally.
        const answerFeedback = insights?.answerFeedback((text, lang) => services.router.route(text, lang).intent !== 'question');
        const services: DialogServices = {
          clock,
          directory,
          cases,
          router: new IntentRouter(new HashedEmbeddings({ analyzer: kb.analyzer }), undefined, undefined, chat ? createLlmIntentAssistant(chat) : undefined),
          knowledge: new KnowledgeReplies({
            answerer: kb.answerer,
            logger,
            rewriter: chat ? new LlmQueryRewriter(chat, offlineRewriter) : offlineRewriter,
            history: conversationState.createProperty<string[]>('recentQuestions'),
            ...(answerFeedback ? { feedback: answerFeedback } : {}),
          }),
          extract,
          handoff,
          timeZone: config.TIME_ZONE,
          ...(insights ? { analytics: insights.reportAnalytics } : {}),
        };
        const bot = new SupportBot({
          conversationState,
          services,
          logger,
          maxMessageChars: config.MAX_MESSAGE_CHARS,
          handoff,
          teams: teams.hooks,
          privacy: stores.privacy,
          clock,
          ...(answerFeedback ? { answerFeedback } : {}),
        });
        ready = { bot, knowledge: kb };
        resolveKnowledge(kb);
        logger.info({ port, passages: kb.index.size }, 'bot ready');
      } catch (error) {
        rejectKnowledge(error);
        throw error;
      }
      return { port, ...(metricsServer ? { metricsPort: metricsServer.port } : {}) };
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(sweeper);
        clearInterval(retention);
        stopInsightsRetention?.();
        // Graceful: stop accepting connections, let requests and turns in progress finish (their
        // replies sent, their state saved), within SHUTDOWN_TIMEOUT_SECONDS; then close the stores.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const drained = await inFlight.drain(config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
        if (!drained) logger.warn({ inFlight: inFlight.size }, 'shutdown timeout: stopping with work still in progress');
        // Keep-alive connections idle now (or everything, after a timeout) would hold the server open.
        if (drained) server.server.closeIdleConnections();
        else server.server.closeAllConnections();
        await closed;
        await metricsServer?.close();
        await teams.relay.idle();
        await stores.close();
      })();
      return stopping;
    },
  };
}
