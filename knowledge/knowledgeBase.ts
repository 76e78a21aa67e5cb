import type { Logger } from 'pino';
import { KnowledgeAnswerer, type AnswerThresholds } from './answering/answerer.js';
import { HashedEmbeddings } from './embeddings/hashedEmbeddings.js';
import { ingestKnowledge, type IngestReport } from './ingest/ingest.js';
import { HybridRetriever } from './retrieval/hybridRetriever.js';
import type { KnowledgeIndex } from './retrieval/knowledgeIndex.js';
import { TextAnalyzer } from './text/analyzer.js';
import { lexiconFingerprint, loadLexicon } from './text/lexicon.js';

export interface KnowledgeBase {
  index: KnowledgeIndex;
  retriever: HybridRetriever;
  answerer: KnowledgeAnswerer;
  analyzer: TextAnalyzer;
  report: IngestReport;
  /** "offline" with the built-in embeddings. */
  embeddingId: string;
}

export interface OpenKnowledgeBaseOptions {
  knowledgeDir: string;
  dataDir: string;
  logger: Logger;
  progress?: boolean;
  thresholds?: AnswerThresholds;
}

/**
 * Builds (or loads, when nothing changed) the index and wires the retrieval and answering
 * pipeline on top of it. The one place that decides which embeddings the knowledge uses.
 */
export async function openKnowledgeBase(options: OpenKnowledgeBaseOptions): Promise<KnowledgeBase> {
  const lexicon = loadLexicon();
  const analyzer = new TextAnalyzer(lexicon);
  const embeddings = new HashedEmbeddings({ analyzer });
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
  const answerer = new KnowledgeAnswerer({ retriever, index, analyzer, thresholds: options.thresholds });
  return { index, retriever, answerer, analyzer, report, embeddingId: embeddings.id };
}
