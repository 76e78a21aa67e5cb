import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { activityTypeLabel, channelLabel, type BotMetrics } from '../../platform/metrics/botMetrics.js';
import type { InFlightWork } from '../../platform/shutdown/inFlight.js';

export interface TurnMetricsDeps {
  metrics?: BotMetrics;
  /** Every turn counts as work in progress, proactive ones included (graceful shutdown). */
  inFlight?: InFlightWork;
  logger: Logger;
}

/**
 * The first middleware of the adapter: counts and times every turn, keeps it in the in-flight
 * count, and logs one line per turn with the request's logger (and so its `requestId`).
 */
export class TurnMetricsMiddleware implements Middleware {
  constructor(private readonly deps: TurnMetricsDeps) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = process.hrtime.bigint();
    const labels = { channel: channelLabel(context.activity.channelId), type: activityTypeLabel(context.activity.type) };
    let outcome: 'ok' | 'error' = 'error';
    this.deps.inFlight?.enter();
    try {
      await next();
      outcome = 'ok';
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.deps.metrics?.turns.inc({ ...labels, outcome });
      this.deps.metrics?.turnDuration.observe(labels, seconds);
      this.deps.inFlight?.leave();
      // Set by the HTTP handler (server.ts, the Direct Line routes) with the request id; read after the turn ran.
      const log = (context.turnState.get('logger') as Logger | undefined) ?? this.deps.logger;
      log.info({ ...labels, outcome, durationMs: Math.round(seconds * 1000) }, 'turn completed');
    }
  }
}
