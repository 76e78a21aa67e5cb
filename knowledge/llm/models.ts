import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { LlmSettings } from '../../platform/config.js';

export type { LlmSettings };


// @langchain/openai takes about a second to load: only LLM mode pays for it.
const openai = () => import('@langchain/openai');

/** The chat model, through @langchain/openai; the client retries 429 and 5xx with backoff. */
export async function createChatModel(s: LlmSettings): Promise<BaseChatModel> {
  const { AzureChatOpenAI, ChatOpenAI } = await openai();
  if (s.provider === 'azure') {
    return new AzureChatOpenAI({
      azureOpenAIApiKey: s.apiKey,
      azureOpenAIApiDeploymentName: s.chatModel,
      azureOpenAIApiVersion: s.azure!.apiVersion,
      ...(s.azure?.instanceName ? { azureOpenAIApiInstanceName: s.azure.instanceName } : {}),
      ...(s.azure?.endpoint ? { azureOpenAIEndpoint: s.azure.endpoint } : {}),
      temperature: 0,
      timeout: s.timeoutMs,
      maxRetries: s.maxRetries,
    });
  }
  return new ChatOpenAI({
    model: s.chatModel,
    apiKey: s.apiKey,
    temperature: 0,
    timeout: s.timeoutMs,
    maxRetries: s.maxRetries,
    ...(s.baseURL ? { configuration: { baseURL: s.baseURL } } : {}),
  });
}

export async function createEmbeddings(s: LlmSettings): Promise<EmbeddingsInterface & { id: string }> {
  const { AzureOpenAIEmbeddings, OpenAIEmbeddings } = await openai();
  const model = s.embeddingModel!;
  const embeddings =
    s.provider === 'azure'
      ? new AzureOpenAIEmbeddings({
          azureOpenAIApiKey: s.apiKey,
          azureOpenAIApiEmbeddingsDeploymentName: model,
          azureOpenAIApiVersion: s.azure!.apiVersion,
          ...(s.azure?.instanceName ? { azureOpenAIApiInstanceName: s.azure.instanceName } : {}),
          ...(s.azure?.endpoint ? { azureOpenAIEndpoint: s.azure.endpoint } : {}),
          timeout: s.timeoutMs,
          maxRetries: s.maxRetries,
          batchSize: 128,
        })
      : new OpenAIEmbeddings({
          model,
          apiKey: s.apiKey,
          timeout: s.timeoutMs,
          maxRetries: s.maxRetries,
          batchSize: 128,
          ...(s.baseURL ? { configuration: { baseURL: s.baseURL } } : {}),
        });
  // The manifest records which embedding built the index; another model means a rebuild.
  return Object.assign(embeddings, { id: `${s.provider}:${model}` });
}

/** What /healthz may show: models, never the key. */
export function describeLlm(s: LlmSettings | undefined): { mode: 'offline' | 'llm'; chatModel?: string; embeddingModel?: string } {
  if (!s) return { mode: 'offline' };
  return { mode: 'llm', chatModel: s.chatModel, embeddingModel: s.embeddingModel ?? 'offline (hashed)' };
}
