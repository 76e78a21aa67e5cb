import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Logger } from 'pino';
import { KnowledgeAnswerer, type AnswerThresholds, type QuestionAnswerer } from './answering/answerer.js';
import { GroundedAnswerer } from './answering/groundedAnswerer.js';
import { HashedEmbeddings } from './embeddings/hashedEmbeddings.js';
import { ingestKnowledge, type IngestReport } from './ingest/ingest.js';
import { HybridRetriever } from './retrieval/hybridRetriever.js';
import type { KnowledgeIndex } from './retrieval/knowledgeIndex.js';
import { TextAnalyzer } from './text/analyzer.js';
import { lexiconFingerprint, loadLexicon } from './text/lexicon.js';

export interface KnowledgeBase {
  index: KnowledgeIndex;
  retriever: HybridRetriever;
  /** The answerer the bot uses: the LLM one when configured, else the offline one. */
  answerer: QuestionAnswerer;
  /** Always the offline extractive answerer (evaluation, fallback). */
  offlineAnswerer: KnowledgeAnswerer;
  analyzer: TextAnalyzer;
  report: IngestReport;
  /** Which embedding the index uses ("hashed-v1:…" offline, "openai:<model>" with an LLM). */
  embeddingId: string;
}

export interface OpenKnowledgeBaseOptions {
  knowledgeDir: string;
  dataDir: string;
  logger: Logger;
  progress?: boolean;
  thresholds?: AnswerThresholds;
  /** LLM embeddings to build the index with, instead of the offline hashed ones. */
  embeddings?: EmbeddingsInterface & { id: string };
  /** A chat model for grounded LLM answers; offline extractive answers without it. */
  chat?: BaseChatModel;
}

/**
 * Builds (or loads, when nothing changed) the index and wires the retrieval and answering
 * pipeline on top of it. The one place that decides which embeddings the knowledge uses.
 */
export async function openKnowledgeBase(options: OpenKnowledgeBaseOptions): Promise<KnowledgeBase> {
  const lexicon = loadLexicon();
  const analyzer = new TextAnalyzer(lexicon);
  const embeddings = options.embeddings ?? new HashedEmbeddings({ analyzer });
  const { index, report } = await ingestKnowledge({
    knowledgeDir: options.knowledgeDir,
    dataDir: options.dataDir,
    embeddings,
    embeddingId: embeddings.id,
    analyzer,
    lexiconFingerprint: lexiconFingerprint(lexicon),
    logger: options.logger,
    progress: options.progress,
  });
  const retriever = new HybridRetriever({ index, analyzer, embeddings });
  const offlineAnswerer = new KnowledgeAnswerer({ retriever, index, analyzer, thresholds: options.thresholds });
  const answerer = options.chat ? new GroundedAnswerer({ offline: offlineAnswerer, retriever, analyzer, chat: options.chat, logger: options.logger }) : offlineAnswerer;
  return { index, retriever, answerer, offlineAnswerer, analyzer, report, embeddingId: embeddings.id };
}
