import type { AddressInfo } from 'node:net';
import { ConversationState } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Logger } from 'pino';
import { messagesAccess } from '../channels/api/anonymousActivities.js';
import { createInProcessDirectLine, directLineBounds } from '../channels/webchat/index.js';
import type { CaseStore } from '../dialogs/caseStore.js';
import { PolicyDirectory } from '../dialogs/policyDirectory.js';
import type { HandoffService, TicketChange } from '../handoff/handoffService.js';
import type { HandoffStore } from '../handoff/types.js';
import { createInsights, type Insights } from '../insights/index.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { describeLlm } from '../knowledge/llm/models.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { llmSettings, type AppConfig } from '../platform/config.js';
import { BotMetrics } from '../platform/metrics/botMetrics.js';
import { startInternalMetricsServer, type InternalMetricsServer } from '../platform/metrics/metricsEndpoint.js';
import { InFlightWork } from '../platform/shutdown/inFlight.js';
import { StaffDirectory } from '../staff/staffDirectory.js';
import { openPostgresStores } from '../storage/postgres/pgStores.js';
import { openSqliteStores, type Stores } from '../storage/stores.js';
import { BotSlot } from './botSlot.js';
import { composeBot } from './compose/bot.js';
import { composeHandoff } from './compose/handoff.js';
import { composeHttp } from './compose/http.js';
import { composeIdentity } from './compose/identity.js';
import { composePipeline } from './compose/pipeline.js';
import { Scheduler } from './scheduler.js';

/**
 * An uploaded file that no filed case names is kept this long (a report still in progress can
 * take days: the form is resumed after a restart), then deleted; a file of a filed case is kept
 * as long as the conversation's transcript (TRANSCRIPT_RETENTION_DAYS) and goes with the client's
 * data on a privacy erasure.
 */
const UNREFERENCED_UPLOAD_DAYS = 7;

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
  /** The Bot Framework token service client (bot/adapter.ts); tests put a loopback stand-in here. */
  botCredentials?: ServiceClientCredentialsFactory;
}

export interface AppInternals {
  cases: CaseStore;
  directory: PolicyDirectory;
  handoff: HandoffService;
  handoffStore: HandoffStore;
  stores: Stores;
  /** Answer log, feedback and report events. */
  insights: Insights;
  metrics: BotMetrics;
  inFlight: InFlightWork;
}

/**
 * The composition root, the one place that knows every part: storage → bot pipeline →
 * handoff and Teams → HTTP routes now; knowledge and the bot in start(). Each area is wired by
 * its compose function (app/compose); everything else receives its collaborators.
 */
export function createApp(config: AppConfig, options: AppOptions): App {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  // SQLite in DATA_DIR by default; PostgreSQL when several instances share the state.
  const stores: Stores = config.DATABASE_URL
    ? openPostgresStores({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolMax: config.DATABASE_POOL_MAX, logger })
    : openSqliteStores(config.DATA_DIR);
  const conversationState = new ConversationState(stores.state);
  const directory = PolicyDirectory.fromFile(config.POLICY_DIRECTORY_FILE);
  const staff = StaffDirectory.fromFile(config.STAFF_FILE);
  // The demo-data warnings (staff credentials, policy directory) are said once, in the start-up
  // banner or its log line (app/index.ts, app/banner.ts).
  logMessagesAccess(config, logger);
  // Operations: Prometheus metrics, and the work in progress a graceful shutdown waits for.
  const metrics = new BotMetrics();
  const inFlight = new InFlightWork((count) => metrics.inFlight.set(count));
  const slot = new BotSlot();

  // The website's local Direct Line: its replies reach the browser through an in-process connector.
  // Its conversations live in memory with one instance and in PostgreSQL with several.
  const sharedDirectLine = stores.shared?.directLine(directLineBounds(config));
  const directLine = createInProcessDirectLine(config, sharedDirectLine ? { store: sharedDirectLine } : {});
  const identity = composeIdentity({ config, logger, identities: stores.identities, oneTimeCodes: stores.oneTimeCodes, directory, clock });
  const adapter = composePipeline({ config, logger, stores, clock, metrics, inFlight, directLine, identity: identity.resolver, ...(options.botCredentials ? { botCredentials: options.botCredentials } : {}) });
  const { handoff, teams } = composeHandoff({ config, logger, adapter, stores, directory, clock, metrics, slot });
  // Answer feedback, knowledge gaps and report analytics for /staff/insights.
  const insights = createInsights({ store: stores.insights, conversationState, clock, logger, metrics });
  const llm = llmSettings(config);
  const modeInfo = describeLlm(llm);
  const server = composeHttp({
    config, logger, adapter, inFlight, slot, mode: () => modeInfo, directLine, portal: identity.portal,
    handoff, staff, cases: stores.cases, directory, privacy: stores.privacy, insights, metrics, clock, uploads: stores.uploads,
    ...(stores.shared ? { shared: stores.shared } : {}),
  });

  // With several instances each round of a job runs on one of them (SharedRuntime.once).
  const scheduler = new Scheduler(logger, stores.shared?.once.bind(stores.shared));
  let metricsServer: InternalMetricsServer | undefined;
  let stopping: Promise<void> | undefined;

  return {
    knowledge: slot.knowledge,
    internals: { cases: stores.cases, directory, handoff, handoffStore: stores.handoffs, stores, insights, metrics, inFlight },
    async start() {
      await stores.ready();
      await directLine.store.start?.();
      if (stores.shared) {
        // The live staff queue (/staff/events) hears of changes made on other instances too.
        const changes = stores.shared.ticketChanges;
        handoff.subscribe((change) => {
          if (!change.remote) void changes.publish(change.ticket.id, change.event).catch((error: unknown) => logger.warn({ err: error }, 'ticket change not announced'));
        });
        await changes.listen((ticketId, event) => void handoff.announce(ticketId, event as TicketChange['event']).catch(() => undefined));
      }
      // Another instance queued a message for a client this instance may be able to reach.
      await stores.onRelayMessage?.((ticketId) => void handoff.flushTicket(ticketId).catch(() => undefined));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      if (config.METRICS_PORT !== undefined) metricsServer = await startInternalMetricsServer({ metrics, host: config.METRICS_HOST, port: config.METRICS_PORT, logger });
      // Waiting tickets time out to a callback offer; old transcripts and insights are deleted.
      scheduler.every('handoff sweep', 5_000, () => handoff.sweep().then(() => teams.relay.sweep()));
      scheduler.every('transcript retention', 3_600_000, () => stores.transcripts.prune(new Date(clock.now().getTime() - config.TRANSCRIPT_RETENTION_DAYS * 86_400_000)));
      // Uploads go with their conversation's transcript; those no filed case names, after 7 days.
      scheduler.every('upload retention', 3_600_000, () => stores.uploads.prune(new Date(clock.now().getTime() - config.TRANSCRIPT_RETENTION_DAYS * 86_400_000), new Date(clock.now().getTime() - UNREFERENCED_UPLOAD_DAYS * 86_400_000)));
      scheduler.every('one-time code expiry', 3_600_000, () => identity.pruneCodes());
      scheduler.every('insights retention', 3_600_000, () => insights.pruneOlderThan(config.INSIGHTS_RETENTION_DAYS));
      // The shared store forgets idle website conversations, used stream tickets and old rate-limit rows here (memory does it itself).
      if (sharedDirectLine && stores.shared) {
        const shared = stores.shared;
        scheduler.every('website conversation expiry', 60_000, () => sharedDirectLine.sweep().then(() => shared.prune()));
      }
      logger.info({ port, ...modeInfo }, 'listening; loading the knowledge index');
      try {
        const parts = await composeBot({
          config, logger, llm, progress: options.progress, conversationState, clock, directory,
          cases: stores.cases, handoff, teams: teams.hooks, privacy: stores.privacy, insights, metrics, verification: identity.verification, confirmations: identity.confirmations,
        });
        slot.fill(parts);
        logger.info({ port, passages: parts.knowledge.index.size }, 'bot ready');
      } catch (error) {
        slot.fail(error);
        throw error;
      }
      return { port, ...(metricsServer ? { metricsPort: metricsServer.port } : {}) };
    },
    stop() {
      stopping ??= (async () => {
        scheduler.stop();
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

/** Says at start-up who may post to /api/messages, loudly when it is the unsafe development mode. */
function logMessagesAccess(config: AppConfig, logger: Logger): void {
  const access = messagesAccess(config);
  if (access === 'emulator') {
    logger.warn('DEV_ALLOW_ANONYMOUS_MESSAGES=true: /api/messages accepts unsigned activities from this machine (Emulator development mode); never use it in a deployment');
  } else if (access === 'closed') {
    logger.info('/api/messages refuses all activities: no MicrosoftAppId, so none can be verified (the website chat is unaffected; DEV_ALLOW_ANONYMOUS_MESSAGES=true admits the local Emulator)');
  } else if (config.DEV_ALLOW_ANONYMOUS_MESSAGES) {
    logger.warn('DEV_ALLOW_ANONYMOUS_MESSAGES is ignored: MicrosoftAppId is set, so every activity needs a valid Bot Framework token');
  }
}
