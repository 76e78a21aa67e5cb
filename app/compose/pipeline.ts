import { TranscriptLoggerMiddleware, type CloudAdapter } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Logger } from 'pino';
import { createAdapter } from '../../bot/adapter.js';
import { ActivityDedupeMiddleware } from '../../bot/middleware/activityDedupe.js';
import { reportingTranscriptFailures } from '../../bot/middleware/transcriptFailures.js';
import { ConversationTurnLock } from '../../bot/middleware/turnLock.js';
import { TurnMetricsMiddleware } from '../../bot/middleware/turnMetrics.js';
import { TeamsCitationLimits, TenantRestriction } from '../../channels/teams/index.js';
import type { createInProcessDirectLine } from '../../channels/webchat/index.js';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config.js';
import type { BotMetrics } from '../../platform/metrics/botMetrics.js';
import type { InFlightWork } from '../../platform/shutdown/inFlight.js';
import type { Stores } from '../../storage/stores.js';
import { ClientIdentityMiddleware } from '../../bot/middleware/clientIdentity.js';
import type { IdentityResolver } from '../../identity/identityResolver.js';

export interface PipelineDeps {
  config: AppConfig;
  logger: Logger;
  stores: Stores;
  clock: Clock;
  metrics: BotMetrics;
  inFlight: InFlightWork;
  directLine: ReturnType<typeof createInProcessDirectLine>;
  botCredentials?: ServiceClientCredentialsFactory;
  identity: IdentityResolver;
}

/** The adapter and its middleware, in the order every turn passes them. */
export function composePipeline(deps: PipelineDeps): CloudAdapter {
  const { config, logger, stores } = deps;
  const adapter = createAdapter(config, logger, { wrapAuthentication: deps.directLine.wrapAuthentication, ...(deps.botCredentials ? { credentials: deps.botCredentials } : {}) });
  // Operations: turn metrics, and the work in progress a graceful shutdown waits for (first middleware).
  adapter.use(new TurnMetricsMiddleware({ metrics: deps.metrics, inFlight: deps.inFlight, logger }));
  // Teams from other tenants is dropped first: no lock, dedupe record, transcript or state for it.
  adapter.use(new TenantRestriction(config.ALLOWED_TENANTS, logger));
  adapter.use(new TeamsCitationLimits());
  // Turns of one conversation run one at a time; a replayed activity gets its original replies.
  adapter.use(new ConversationTurnLock());
  if (stores.turnLock) adapter.use(stores.turnLock);
  adapter.use(new ActivityDedupeMiddleware({ store: stores.processed, logger, now: () => deps.clock.now() }));
  adapter.use(new TranscriptLoggerMiddleware(reportingTranscriptFailures(stores.transcripts, logger)));
  // Who the user is (portal sign-in, mapped Teams account, one-time code), before any dialog runs.
  adapter.use(new ClientIdentityMiddleware(deps.identity, logger));
  return adapter;
}
