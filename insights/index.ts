import type { ConversationState } from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import { HashedEmbeddings } from '../knowledge/embeddings/hashedEmbeddings.js';
import { TextAnalyzer } from '../knowledge/text/analyzer.js';
import type { Lang } from '../locales/lang.js';
import { loadLexicon } from '../knowledge/text/lexicon.js';
import type { BotMetrics } from '../platform/metrics/botMetrics.js';
import { AnswerFeedback, type FeedbackState } from './answerFeedback.js';
import type { Embed } from './gapGrouping.js';
import { registerInsightsRoutes, type InsightsRoutesDeps } from './insightsRoutes.js';
import { ReportEventRecorder } from './reportAnalytics.js';
import type { InsightsStore } from './types.js';

export { AnswerFeedback, type FeedbackState } from './answerFeedback.js';
export { registerInsightsRoutes } from './insightsRoutes.js';
export { ReportEventRecorder } from './reportAnalytics.js';
export type { InsightsStore, AnswerFeedbackStore, ReportEventStore, InsightsReader } from './types.js';

export interface InsightsDeps {
  store: InsightsStore;
  conversationState: ConversationState;
  clock: Clock;
  logger: Logger;
  metrics?: BotMetrics;
}

/** Everything insights adds to the bot, built once in the composition root. */
export interface Insights {
  store: InsightsStore;
  /** 👍/👎 on answers (KnowledgeReplies and SupportBot). */
  answerFeedback(isNewRequest?: (text: string, lang: Lang) => boolean): AnswerFeedback;
  /** The report dialogs' analytics hook (DialogServices.analytics). */
  reportAnalytics: ReportEventRecorder;
  /** GET /staff/insights and /staff/insights.csv. */
  registerRoutes(server: Parameters<typeof registerInsightsRoutes>[0], deps: Pick<InsightsRoutesDeps, 'requireStaffSession' | 'timeZone'>): void;
  /** Deletes answers, feedback and report events older than `days` (the app schedules it hourly). */
  pruneOlderThan(days: number): Promise<void>;
}

/** The offline embeddings of the knowledge base, for grouping questions (no index needed). */
export function offlineEmbed(): Embed {
  const embeddings = new HashedEmbeddings({ analyzer: new TextAnalyzer(loadLexicon()) });
  return (text, lang) => embeddings.embedSync(text, lang);
}

export function createInsights(deps: InsightsDeps): Insights {
  const { store, clock, logger, metrics } = deps;
  const log = logger.child({ component: 'insights' });
  const state = deps.conversationState.createProperty<FeedbackState>('answerFeedback');
  let embed: Embed | undefined;
  return {
    store,
    answerFeedback: (isNewRequest) => new AnswerFeedback({ store, state, clock, logger: log, ...(metrics ? { metrics } : {}), ...(isNewRequest ? { isNewRequest } : {}) }),
    reportAnalytics: new ReportEventRecorder({ store, clock, logger: log, ...(metrics ? { metrics } : {}) }),
    registerRoutes(server, routeDeps) {
      registerInsightsRoutes(server, {
        ...routeDeps,
        reader: store,
        // Built on first use: the lexicon is read once, and only when someone opens the page.
        embed: (text, lang) => (embed ??= offlineEmbed())(text, lang),
        clock,
        logger: log,
      });
    },
    async pruneOlderThan(days) {
      await store.prune(new Date(clock.now().getTime() - days * 86_400_000));
    },
  };
}
