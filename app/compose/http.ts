import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type restify from 'restify';
import { registerApiRoutes } from '../../channels/api/index.js';
import { registerWebChannel, type createInProcessDirectLine, type WebChannelDeps } from '../../channels/webchat/index.js';
import type { CaseStore } from '../../dialogs/caseStore.js';
import type { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import type { HandoffService } from '../../handoff/handoffService.js';
import type { Insights } from '../../insights/index.js';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config.js';
import { createHttpServer } from '../../platform/http/server.js';
import type { BotMetrics } from '../../platform/metrics/botMetrics.js';
import { registerMetricsRoute } from '../../platform/metrics/metricsEndpoint.js';
import type { InFlightWork } from '../../platform/shutdown/inFlight.js';
import type { PrivacyStore } from '../../privacy/privacyStore.js';
import { registerStaffPages } from '../../staff/pages/index.js';
import { registerPrivacyApi } from '../../staff/privacyApi.js';
import { registerStaffApi } from '../../staff/staffApi.js';
import type { StaffDirectory } from '../../staff/staffDirectory.js';
import { registerStaffFileRoutes } from '../../staff/fileRoutes.js';
import type { UploadStore } from '../../dialogs/uploadStore.js';
import type { BotSlot } from '../botSlot.js';
import type { SharedRuntime } from '../../storage/sharedRuntime.js';

export interface HttpDeps {
  config: AppConfig;
  logger: Logger;
  adapter: CloudAdapter;
  inFlight: InFlightWork;
  slot: BotSlot;
  mode: () => { mode: string; chatModel?: string; embeddingModel?: string };
  directLine: ReturnType<typeof createInProcessDirectLine>;
  handoff: HandoffService;
  staff: StaffDirectory;
  cases: CaseStore;
  directory: PolicyDirectory;
  privacy: PrivacyStore;
  insights: Insights;
  metrics: BotMetrics;
  clock: Clock;
  /** The client portal's sign-in, when configured. */
  portal: WebChannelDeps['portal'];
  /** Files clients upload on the website; served to staff at /staff/files/:id. */
  uploads: UploadStore;
  /** Sessions, throttling, rate limits and stream tickets shared by several instances (PostgreSQL); absent = in memory. */
  shared?: SharedRuntime;
}

/** The one HTTP server and every route on it: bot API, staff API and pages, insights, metrics, website. */
export function composeHttp(deps: HttpDeps): restify.Server {
  const { config, logger, adapter, handoff, staff, clock } = deps;
  const server = createHttpServer({ logger, maxBodyBytes: config.MAX_BODY_BYTES, inFlight: deps.inFlight });
  const shared = deps.shared;
  const limiters = shared ? { limiters: shared.limiters } : {};
  registerApiRoutes(server, { config, logger, adapter, ready: () => deps.slot.current, mode: deps.mode, ...limiters });
  registerStaffApi(server, { handoff, staff, logger, cases: deps.cases, directory: deps.directory, clock });
  registerPrivacyApi(server, { staff, privacy: deps.privacy, clock, logger });
  const staffPages = registerStaffPages(server, {
    handoff, staff, logger, config, clock,
    ...(shared
      ? {
          sessions: shared.staffSessions({ ttlMs: config.STAFF_SESSION_TTL_MINUTES * 60_000, idleMs: config.STAFF_SESSION_IDLE_MINUTES * 60_000 }),
          signInAttempts: shared.signInAttempts,
        }
      : {}),
  });
  registerStaffFileRoutes(server, { uploads: deps.uploads, requireStaffSession: staffPages.requireStaffSession });
  deps.insights.registerRoutes(server, { requireStaffSession: staffPages.requireStaffSession, timeZone: config.TIME_ZONE });
  if (config.METRICS_TOKEN) registerMetricsRoute(server, { metrics: deps.metrics, token: config.METRICS_TOKEN });
  // Website turns wait for the bot, which exists once the knowledge index is loaded.
  registerWebChannel(server, { config, logger, adapter, directLine: deps.directLine, runTurn: (context) => deps.slot.run(context), uploads: deps.uploads, ...(deps.portal ? { portal: deps.portal } : {}),
    ...limiters, ...(shared ? { streamTickets: shared.streamTickets } : {}),
  });
  return server;
}
