import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../platform/logger.js';
import { HashedEmbeddings } from '../knowledge/embeddings/hashedEmbeddings.js';
import { Bm25Baseline } from '../knowledge/evaluation/bm25Baseline.js';
import type { EvalItem } from '../knowledge/evaluation/evalSet.js';
import { rankingMetrics } from '../knowledge/evaluation/metrics.js';
import { openKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { documentsDir, EVAL_SETS, questionsOf } from './evalQueries.js';
import { ratio, summarise, type LatencySummary } from './stats.js';

/**
 * Retrieval quality and speed on the evaluation sets, three systems on the same passages:
 * our hybrid retriever, plain BM25 (MiniSearch defaults, the baseline) and dense-only (the HNSW
 * index searched with our HashedEmbeddings alone — what the hybrid adds BM25 and re-ranking to).
 */

export type RetrievalSystem = 'hybrid' | 'bm25' | 'dense';

export interface RetrievalRow {
  set: string;
  subset: string;
  system: RetrievalSystem;
  n: number;
  hit1: number;
  hit3: number;
  mrr: number;
  latency: LatencySummary;
  /** This system's MRR and mean latency divided by BM25's on the same items. */
  mrrRatioToBm25: number;
  latencyRatioToBm25: number;
}

export interface RetrievalResult {
  passages: number;
  timedRounds: number;
  rows: RetrievalRow[];
}

type Ranker = (item: EvalItem) => Promise<string[]>;

function rankers(kb: KnowledgeBase): Record<RetrievalSystem, Ranker> {
  const bm25 = new Bm25Baseline(kb.index.passages);
  const embeddings = new HashedEmbeddings({ analyzer: kb.analyzer });
  if (embeddings.id !== kb.embeddingId) throw new Error(`dense-only would search ${kb.embeddingId} vectors with ${embeddings.id}`);
  const store = kb.index.vectorStore;
  if (!store) throw new Error('the knowledge index is empty');
  return {
    hybrid: async (item) => (await kb.retriever.search(item.text, { lang: item.lang, k: 10 })).map((r) => r.passage.pageContent),
    bm25: async (item) => bm25.search(item.text, 10).map((p) => p.pageContent),
    dense: async (item) => {
      const vector = await embeddings.embedQuery(item.text);
      return (await store.similaritySearchVectorWithScore(vector, 10)).map(([doc]) => doc.pageContent);
    },
  };
}

/** Same-language questions, and the cross-lingual ones apart (as `npm run eval` reports them). */
function subsets(items: EvalItem[]): [string, EvalItem[]][] {
  const groups: [string, EvalItem[]][] = [
    ['same language', items.filter((i) => !i.crosslingual)],
    ['cross-lingual', items.filter((i) => i.crosslingual)],
  ];
  return groups.filter(([, list]) => list.length > 0);
}

export async function runRetrievalBench(options: { timedRounds?: number } = {}): Promise<RetrievalResult> {
  const timedRounds = options.timedRounds ?? 10;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-retrieval-'));
  try {
    const kb = await openKnowledgeBase({ knowledgeDir: documentsDir, dataDir, logger: createLogger('silent') });
    const systems = rankers(kb);
    const rows: RetrievalRow[] = [];
    for (const [set, file] of [['public', EVAL_SETS.public], ['extra', EVAL_SETS.extra]] as const) {
      for (const [subset, items] of subsets(questionsOf(file))) {
        const bySystem = new Map<RetrievalSystem, Omit<RetrievalRow, 'mrrRatioToBm25' | 'latencyRatioToBm25'>>();
        for (const [system, rank] of Object.entries(systems) as [RetrievalSystem, Ranker][]) {
          for (let round = 0; round < 3; round++) for (const item of items) await rank(item); // warm-up: JIT, caches
          const ranked = await Promise.all(items.map(async (item) => ({ item, ranked: await rank(item), ms: 0 })));
          const latencies: number[] = [];
          for (let round = 0; round < timedRounds; round++) {
            for (const item of items) {
              const t = performance.now();
              await rank(item);
              latencies.push(performance.now() - t);
            }
          }
          const metrics = rankingMetrics(ranked);
          bySystem.set(system, { set, subset, system, n: metrics.n, hit1: metrics.hit1, hit3: metrics.hit3, mrr: metrics.mrr, latency: summarise(latencies) });
        }
        const bm25 = bySystem.get('bm25')!;
        for (const row of bySystem.values()) {
          rows.push({ ...row, mrrRatioToBm25: ratio(row.mrr, bm25.mrr), latencyRatioToBm25: ratio(row.latency.mean, bm25.latency.mean) });
        }
      }
    }
    return { passages: kb.index.size, timedRounds, rows };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
