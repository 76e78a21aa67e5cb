import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Label values that come from clients are cut down to a known set, so a client cannot create series at will. */
const KNOWN_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test', 'slack', 'facebook', 'telegram', 'email', 'sms']);
const KNOWN_ACTIVITY_TYPES = new Set(['message', 'conversationUpdate', 'invoke', 'event', 'messageReaction', 'installationUpdate', 'typing', 'endOfConversation']);

export function channelLabel(channelId: string | undefined): string {
  return channelId && KNOWN_CHANNELS.has(channelId) ? channelId : 'other';
}

export function activityTypeLabel(type: string | undefined): string {
  return type && KNOWN_ACTIVITY_TYPES.has(type) ? type : 'other';
}

/** Handoff ticket events worth counting (a relayed client message is not one). */
const HANDOFF_EVENTS: Record<string, string> = {
  created: 'requested',
  accept: 'accepted',
  no_answer: 'not_accepted_in_time',
  out_of_hours: 'out_of_hours',
  callback_requested: 'callback_requested',
  end: 'ended',
  protocol_failed: 'protocol_failed',
};

/**
 * The bot's Prometheus metrics, in a registry of their own (several apps in one test process
 * must not share series). Served by GET /metrics (platform/metrics/metricsEndpoint.ts).
 */
export class BotMetrics {
  readonly registry = new Registry();

  readonly turns = new Counter({
    name: 'supportbot_turns_total',
    help: 'Bot turns processed, by channel, activity type and outcome (ok or error).',
    labelNames: ['channel', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly turnDuration = new Histogram({
    name: 'supportbot_turn_duration_seconds',
    help: 'Time to process one bot turn (all middleware, the dialogs and the replies).',
    labelNames: ['channel', 'type'] as const,
    // A question answered offline takes milliseconds; with an LLM, seconds.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40],
    registers: [this.registry],
  });

  readonly llmCalls = new Counter({
    name: 'supportbot_llm_calls_total',
    help: 'Chat-model calls started (answers, follow-up rewriting, translation, extraction).',
    registers: [this.registry],
  });

  readonly llmFailures = new Counter({
    name: 'supportbot_llm_failures_total',
    help: 'Chat-model calls that failed after retries (the bot fell back to its offline path).',
    registers: [this.registry],
  });

  readonly handoffs = new Counter({
    name: 'supportbot_handoffs_total',
    help: 'Handoff ticket events: requested, accepted, not_accepted_in_time, out_of_hours, callback_requested, ended, protocol_failed.',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  readonly casesFiled = new Counter({
    name: 'supportbot_cases_filed_total',
    help: 'Reports filed as cases, by kind (claim or overdue).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly answers = new Counter({
    name: 'supportbot_answers_total',
    help: 'Knowledge answers sent in chats, by kind (answer, dont_know, out_of_scope) and language.',
    labelNames: ['kind', 'language'] as const,
    registers: [this.registry],
  });

  readonly feedback = new Counter({
    name: 'supportbot_answer_feedback_total',
    help: 'Ratings of knowledge answers by clients (up or down), and comments left after a down.',
    labelNames: ['rating'] as const,
    registers: [this.registry],
  });

  readonly inFlight = new Gauge({
    name: 'supportbot_in_flight',
    help: 'HTTP requests and bot turns in progress (graceful shutdown waits for 0).',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    // Process metrics (CPU, memory, event-loop lag, GC) unless a test turns them off.
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** For HandoffService's onTicketChanged. */
  handoffEvent(event: string): void {
    const label = HANDOFF_EVENTS[event];
    if (label) this.handoffs.inc({ event: label });
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
