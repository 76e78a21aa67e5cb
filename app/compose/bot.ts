import type { ConversationState } from 'botbuilder';
import type { Logger } from 'pino';
import { KnowledgeReplies } from '../../dialogs/answers/knowledgeReplies.js';
import { SupportBot } from '../../bot/supportBot.js';
import type { TeamsChannelHooks } from '../../bot/channelHooks.js';
import type { BusinessRegister } from '../../dialogs/businessRegister.js';
import type { CaseStore } from '../../dialogs/caseStore.js';
import { createLlmExtractor } from '../../dialogs/extraction/llmExtractor.js';
import { extractReportFields } from '../../dialogs/extraction/offlineExtractor.js';
import { IntentRouter } from '../../dialogs/intentRouter.js';
import { createLlmIntentAssistant } from '../../dialogs/llmIntentAssist.js';
import type { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import type { ClientVerificationPort, DialogServices, ReportExtractor } from '../../dialogs/services.js';
import { PolicyLookupGuard } from '../../dialogs/policyLookupGuard.js';
import type { HandoffService } from '../../handoff/handoffService.js';
import type { Insights } from '../../insights/index.js';
import { LlmQueryRewriter, OfflineQueryRewriter } from '../../knowledge/answering/followUp.js';
import { HashedEmbeddings } from '../../knowledge/embeddings/hashedEmbeddings.js';
import { openKnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { createChatModel, createEmbeddings } from '../../knowledge/llm/models.js';
import { AresRegister } from '../../platform/businessRegister/aresRegister.js';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig, LlmSettings } from '../../platform/config.js';
import type { BotMetrics } from '../../platform/metrics/botMetrics.js';
import { instrumentChatModel } from '../../platform/metrics/llmMetrics.js';
import type { PrivacyStore } from '../../privacy/privacyStore.js';
import type { ReadyBotParts } from '../botSlot.js';

export interface BotDeps {
  config: AppConfig;
  logger: Logger;
  /** LLM mode when set; every LLM path falls back to its offline twin. */
  llm: LlmSettings | undefined;
  progress?: boolean;
  conversationState: ConversationState;
  clock: Clock;
  directory: PolicyDirectory;
  cases: CaseStore;
  handoff: HandoffService;
  teams: TeamsChannelHooks;
  privacy: PrivacyStore;
  insights: Insights;
  metrics: BotMetrics;
  verification: ClientVerificationPort;
  confirmations: DialogServices['confirmations'];
}

/**
 * Loads (or builds) the knowledge index and builds the bot on it: the LLM models when
 * configured (their client library loads only then), the dialogs' services, the SupportBot.
 */
export async function composeBot(deps: BotDeps): Promise<ReadyBotParts> {
  const { config, logger, llm, insights } = deps;
  const chat = llm ? await createChatModel(llm) : undefined;
  if (chat) instrumentChatModel(chat, deps.metrics);
  const llmEmbeddings = llm?.embeddingModel ? await createEmbeddings(llm) : undefined;
  const knowledge = await openKnowledgeBase({
    knowledgeDir: config.KNOWLEDGE_DIR,
    dataDir: config.DATA_DIR,
    logger,
    progress: deps.progress,
    ...(llmEmbeddings ? { embeddings: llmEmbeddings } : {}),
    ...(chat ? { chat } : {}),
  });
  // Free text → report fields: LLM structured output when configured, else the offline parser.
  const extract: ReportExtractor = chat ? createLlmExtractor(chat, logger) : (text, options) => Promise.resolve(extractReportFields(text, { today: options.today }));
  const router = new IntentRouter(new HashedEmbeddings({ analyzer: knowledge.analyzer }), chat ? { assistant: createLlmIntentAssistant(chat) } : {});
  // 👍/👎 on answers; during the comment question a report, handoff or case request is processed normally.
  const answerFeedback = insights.answerFeedback((text, lang) => router.route(text, lang).intent !== 'question');
  const offlineRewriter = new OfflineQueryRewriter(knowledge.analyzer);
  const services: DialogServices = {
    clock: deps.clock,
    directory: deps.directory,
    cases: deps.cases,
    router,
    knowledge: new KnowledgeReplies({
      answerer: knowledge.answerer,
      logger,
      rewriter: chat ? new LlmQueryRewriter(chat, offlineRewriter) : offlineRewriter,
      history: deps.conversationState.createProperty<string[]>('recentQuestions'),
      feedback: answerFeedback,
      offerPerson: !!deps.handoff,
    }),
    extract,
    handoff: deps.handoff,
    timeZone: config.TIME_ZONE,
    analytics: insights.reportAnalytics,
    verification: deps.verification,
    confirmations: deps.confirmations,
    policyLookups: new PolicyLookupGuard(config.POLICY_LOOKUPS_PER_HOUR, () => deps.clock.now()),
    ...(config.ARES_URL ? { businessRegister: aresRegister(config, deps.clock, logger) } : {}),
  };
  const bot = new SupportBot({
    conversationState: deps.conversationState,
    services,
    logger,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
    handoff: deps.handoff,
    teams: deps.teams,
    privacy: deps.privacy,
    clock: deps.clock,
    answerFeedback,
  });
  return { bot, knowledge };
}

/** The buyer lookup in the Czech business register, as configured (ARES_URL non-empty). */
function aresRegister(config: AppConfig, clock: Clock, logger: Logger): BusinessRegister {
  return new AresRegister({
    baseUrl: config.ARES_URL,
    timeoutMs: config.ARES_TIMEOUT_MS,
    cacheTtlMs: config.ARES_CACHE_HOURS * 3_600_000,
    breakerRestMs: config.ARES_BREAKER_MINUTES * 60_000,
    clock,
    logger: logger.child({ component: 'ares' }),
  });
}
