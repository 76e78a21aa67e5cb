import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { BotMetrics } from './botMetrics.js';

/**
 * Counts chat-model calls and failures through LangChain's callbacks, so every LLM path (grounded
 * answers, follow-up rewriting, translation, extraction) is measured without touching its code.
 */
export class LlmMetricsHandler extends BaseCallbackHandler {
  name = 'supportbot-llm-metrics';

  constructor(private readonly metrics: BotMetrics) {
    // Counting is synchronous and cheap: run inline rather than in LangChain's background queue.
    super({ _awaitHandler: true });
    this.awaitHandlers = true;
  }

  override handleChatModelStart(): void {
    this.metrics.llmCalls.inc();
  }

  override handleLLMStart(): void {
    this.metrics.llmCalls.inc();
  }

  override handleLLMError(): void {
    this.metrics.llmFailures.inc();
  }
}

/** Adds the metrics handler to the model's own callbacks (they fire for every call of that model). */
export function instrumentChatModel(model: BaseChatModel, metrics: BotMetrics): void {
  const handler = new LlmMetricsHandler(metrics);
  const existing = model.callbacks;
  if (!existing) model.callbacks = [handler];
  else if (Array.isArray(existing)) existing.push(handler);
  else existing.addHandler(handler);
}
