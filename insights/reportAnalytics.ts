import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import type { ReportAnalytics, ReportEvent } from '../dialogs/services.js';
import type { BotMetrics } from '../platform/metrics/botMetrics.js';
import type { ReportEventStore } from './types.js';

/**
 * The report dialogs' analytics hook: appends their events (started, each question reached,
 * filed, cancelled) for the dashboard's abandonment per step, and counts filed cases. A failure
 * is logged, never thrown: a client's report must not fail because of a statistic.
 */
export class ReportEventRecorder implements ReportAnalytics {
  constructor(private readonly deps: { store: ReportEventStore; clock: Clock; logger: Logger; metrics?: BotMetrics }) {}

  async reportEvent(event: ReportEvent): Promise<void> {
    try {
      // A replayed confirmation ("Confirm" clicked twice) files nothing new: count it once.
      if (event.event === 'filed' && (await this.deps.store.wasFiled(event.formId))) return;
      await this.deps.store.recordReportEvent({ ...event, at: this.deps.clock.now().toISOString() });
      if (event.event === 'filed') this.deps.metrics?.casesFiled.inc({ kind: event.kind });
    } catch (error) {
      this.deps.logger.error({ err: error, event: event.event, kind: event.kind }, 'could not record a report event');
    }
  }
}
