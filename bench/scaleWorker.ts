import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../platform/logger.js';
import { HashedEmbeddings } from '../knowledge/embeddings/hashedEmbeddings.js';
import { Bm25Baseline } from '../knowledge/evaluation/bm25Baseline.js';
import { openKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { documentsDir, latencyQueries } from './evalQueries.js';
import { summarise, type LatencySummary } from './stats.js';
import { writeSyntheticCorpus } from './syntheticCorpus.js';

/**
 * One corpus size, in its own process so that its memory is its own:
 *   node --expose-gc --import tsx bench/scaleWorker.ts build <passages> <workDir>
 *   node --expose-gc --import tsx bench/scaleWorker.ts load  <passages> <workDir>
 * `build` writes the synthetic corpus and indexes it (the first start); `load` is the next start
 * on the unchanged corpus, then measures memory and search. Each prints one JSON line.
 */

export interface ScaleBuildResult {
  phase: 'build';
  requested: number;
  passages: number;
  files: number;
  ingestMs: number;
  ingestPassagesPerSecond: number;
  indexBytes: number;
  rssAfterBuildBytes: number;
}

export interface ScaleLoadResult {
  phase: 'load';
  passages: number;
  /** The process before it opens the index (Node, tsx and the libraries): not the index's. */
  rssBeforeLoadBytes: number;
  startupMs: number;
  rebuilt: boolean;
  rssAfterLoadBytes: number;
  heapUsedAfterLoadBytes: number;
  search: LatencySummary;
  /** Our lexical index alone (analysis + BM25, 20 candidates) and HNSW alone (query embedding + k=20): the hybrid's two halves. */
  lexicalSearch: LatencySummary;
  denseSearch: LatencySummary;
  /** Bytes on disk per file of the build (lexical.bm25, passages.bin, hnswlib.index, …). */
  files: Record<string, number>;
  baseline: { buildMs: number; buildPassagesPerSecond: number; heapBytes: number; search: LatencySummary };
}

const logger = createLogger('silent');
const gc = (globalThis as { gc?: () => void }).gc;

function directorySize(dir: string): number {
  // `du` counts what is on disk (blocks), which is what "index size" means to an operator.
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/**
 * Memory once it has settled: one gc() leaves what later collections and the sweeper still free
 * (and V8 returns pages to the OS only between tasks), so collect, yield, and repeat until RSS and
 * the heap stop moving (within 1 %), at most 20 rounds.
 */
/** Sizes of the files of the current build. */
function buildFiles(indexRoot: string): Record<string, number> {
  const build = path.join(indexRoot, fs.readFileSync(path.join(indexRoot, 'current'), 'utf8').trim());
  return Object.fromEntries(fs.readdirSync(build).map((name) => [name, fs.statSync(path.join(build, name)).size]));
}

async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  if (!gc) return process.memoryUsage();
  let last = process.memoryUsage();
  for (let round = 0; round < 20; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = process.memoryUsage();
    const still = (a: number, b: number) => Math.abs(a - b) <= 0.01 * b;
    const settled = round >= 2 && still(now.rss, last.rss) && still(now.heapUsed, last.heapUsed);
    last = now;
    if (settled) break;
  }
  return last;
}

/**
 * Times every query of the fixed set, round after round, until there are `minSamples` samples
 * or `budgetMs` has passed (at least two rounds): large corpora search slowly.
 */
async function timeSearches(search: (text: string, lang: 'cs' | 'en') => Promise<unknown> | unknown, minSamples: number, budgetMs = 20_000): Promise<LatencySummary> {
  const queries = latencyQueries();
  for (const q of queries) await search(q.text, q.lang); // warm-up: JIT and caches
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < minSamples && (samples.length < 2 * queries.length || performance.now() - started < budgetMs)) {
    for (const q of queries) {
      const t = performance.now();
      await search(q.text, q.lang);
      samples.push(performance.now() - t);
    }
  }
  return summarise(samples);
}

async function open(workDir: string): Promise<KnowledgeBase> {
  return openKnowledgeBase({ knowledgeDir: path.join(workDir, 'knowledge'), dataDir: path.join(workDir, 'data'), logger });
}

async function build(requested: number, workDir: string): Promise<ScaleBuildResult> {
  const { files, passages } = writeSyntheticCorpus({ documentsDir, outputDir: path.join(workDir, 'knowledge'), passages: requested });
  const kb = await open(workDir);
  if (kb.report.passages !== passages) throw new Error(`expected ${passages} passages, the index has ${kb.report.passages}`);
  const memory = await settledMemory();
  return {
    phase: 'build',
    requested,
    passages: kb.report.passages,
    files,
    ingestMs: kb.report.durationMs,
    ingestPassagesPerSecond: kb.report.passages / (kb.report.durationMs / 1000),
    indexBytes: directorySize(path.join(workDir, 'data', 'index')),
    rssAfterBuildBytes: memory.rss,
  };
}

async function load(workDir: string): Promise<ScaleLoadResult> {
  const before = await settledMemory();
  const started = performance.now();
  const kb = await open(workDir);
  const startupMs = performance.now() - started;
  const memory = await settledMemory();
  const search = await timeSearches((text, lang) => kb.retriever.search(text, { lang, k: 5 }), 500);
  const lexicalSearch = await timeSearches((text, lang) => kb.index.lexical.search(kb.analyzer.terms(text, lang), { limit: 20 }), 500);
  const store = kb.index.vectorStore;
  if (!store) throw new Error('the scale index is empty');
  const embeddings = new HashedEmbeddings({ analyzer: kb.analyzer });
  const denseSearch = await timeSearches(async (text) => store.similaritySearchVectorWithScore(await embeddings.embedQuery(text), 20), 500);

  // The peer: plain BM25 (MiniSearch) over the same passages, built and queried in this process.
  const heapBefore = (await settledMemory()).heapUsed;
  const t = performance.now();
  const baseline = new Bm25Baseline(kb.index.passages);
  const buildMs = performance.now() - t;
  const heapBytes = (await settledMemory()).heapUsed - heapBefore;
  const baselineSearch = await timeSearches((text) => baseline.search(text, 5), 500);

  return {
    phase: 'load',
    passages: kb.index.size,
    rssBeforeLoadBytes: before.rss,
    startupMs,
    rebuilt: kb.report.rebuilt || kb.report.embedded > 0,
    rssAfterLoadBytes: memory.rss,
    heapUsedAfterLoadBytes: memory.heapUsed,
    search,
    lexicalSearch,
    denseSearch,
    files: buildFiles(path.join(workDir, 'data', 'index')),
    baseline: { buildMs, buildPassagesPerSecond: kb.index.size / (buildMs / 1000), heapBytes, search: baselineSearch },
  };
}

const [phase, size, workDir] = process.argv.slice(2);
if ((phase !== 'build' && phase !== 'load') || !size || !workDir) {
  console.error('usage: scaleWorker.ts build|load <passages> <workDir>');
  process.exit(2);
}
fs.mkdirSync(workDir, { recursive: true });
const result = phase === 'build' ? await build(Number(size), workDir) : await load(workDir);
console.log(JSON.stringify(result));
