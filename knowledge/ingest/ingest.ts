import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import { KnowledgeIndex, type IndexManifest, type IndexedFile } from '../retrieval/knowledgeIndex.js';
import { analysePassage } from '../retrieval/lexicalIndex.js';
import type { StoredPassage } from '../retrieval/passageStore.js';
import { startHnswBuilder, type HnswBuilder } from '../retrieval/hnswBuilder.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import { loadDocument, SUPPORTED_EXTENSIONS } from './loaders.js';
import { PassageSplitter, type Passage } from './passageSplitter.js';
import { looksLikeInjection } from '../safety/injection.js';

export interface IngestOptions {
  knowledgeDir: string;
  /** The index lives in `<dataDir>/index/<build>/`; `<dataDir>/index/current` names the active build. */
  dataDir: string;
  embeddings: EmbeddingsInterface;
  /** Identity of the embedding (model and settings); see IndexManifest.embedding. */
  embeddingId: string;
  analyzer: TextAnalyzer;
  lexiconFingerprint: string;
  logger: Logger;
  /** Show a progress bar when stderr is a terminal. */
  progress?: boolean;
  splitter?: PassageSplitter;
  /** Passages embedded per call (an API embedding has request-size limits). */
  batchSize?: number;
}

export interface IngestReport {
  /** Passages left out because they give orders to an assistant (planted instructions). */
  quarantined: { source: string; passage: string }[];
  files: number;
  changed: string[];
  removed: string[];
  skipped: { source: string; reason: string }[];
  passages: number;
  embedded: number;
  rebuilt: boolean;
  durationMs: number;
}

/** README files describe a folder; they are not knowledge. */
const isKnowledgeFile = (name: string) =>
  !name.startsWith('.') && !/^readme\.[a-z]+$/i.test(name) && (SUPPORTED_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(full);
      else if (entry.isFile() && isKnowledgeFile(entry.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  await walk(root);
  return out;
}

/** Text that is embedded for a passage: the passage with its document title and heading path. */
export function passageContext(passage: Passage): string {
  return [passage.metadata.title, passage.metadata.headings.join(' › '), passage.pageContent].filter(Boolean).join('\n');
}

async function readCurrent(indexRoot: string): Promise<string | undefined> {
  try {
    const name = (await fs.readFile(path.join(indexRoot, 'current'), 'utf8')).trim();
    return name ? path.join(indexRoot, name) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Brings the index in line with the knowledge directory. Files are compared by content hash:
 * unchanged files keep their passages and vectors (nothing is parsed or embedded again), changed
 * files are re-read, removed files dropped. An unreadable file is reported by name and skipped.
 * A new build is written beside the old one and switched to atomically, so a reader never sees a
 * half-written index.
 */
export async function ingestKnowledge(options: IngestOptions): Promise<{ index: KnowledgeIndex; report: IngestReport }> {
  const started = Date.now();
  const { logger } = options;
  const indexRoot = path.join(options.dataDir, 'index');
  await fs.mkdir(indexRoot, { recursive: true });

  let files: string[];
  try {
    files = await listFiles(options.knowledgeDir);
  } catch (error) {
    throw new Error(`Cannot read KNOWLEDGE_DIR ${options.knowledgeDir}: ${(error as Error).message}`);
  }
  const contents = new Map<string, Buffer>();
  const hashes = new Map<string, string>();
  for (const file of files) {
    const content = await fs.readFile(path.join(options.knowledgeDir, file));
    contents.set(file, content);
    hashes.set(file, createHash('sha256').update(content).digest('hex'));
  }

  const currentDir = await readCurrent(indexRoot);
  const previousManifest = currentDir ? await KnowledgeIndex.readManifest(currentDir) : undefined;
  const compatible =
    previousManifest?.version === 1 &&
    previousManifest.embedding === options.embeddingId &&
    previousManifest.lexicon === options.lexiconFingerprint;
  if (previousManifest && !compatible) {
    logger.info({ previous: previousManifest.embedding, now: options.embeddingId }, 'index built with another embedding or lexicon: rebuilding');
  }

  let previous: KnowledgeIndex | undefined;
  if (compatible && currentDir) {
    try {
      previous = await KnowledgeIndex.load(currentDir, options.embeddings);
    } catch (error) {
      logger.warn({ err: error, dir: currentDir }, 'existing index is unreadable: rebuilding');
    }
  }

  const prevFiles = previous?.manifest.files ?? {};
  const changed = files.filter((f) => prevFiles[f]?.hash !== hashes.get(f));
  const removed = Object.keys(prevFiles).filter((f) => !hashes.has(f));
  const skipped: IngestReport['skipped'] = [];
  const quarantined: IngestReport['quarantined'] = [];

  // Files that failed before and are unchanged fail again: say so without re-reading them.
  for (const file of files) {
    const before = prevFiles[file];
    if (before?.error && before.hash === hashes.get(file)) {
      skipped.push({ source: file, reason: before.error });
      logger.warn({ file, reason: before.error }, 'knowledge file skipped (unchanged since it failed)');
    }
  }

  if (previous && changed.length === 0 && removed.length === 0) {
    const report = { files: files.length, changed, removed, skipped, quarantined, passages: previous.size, embedded: 0, rebuilt: false, durationMs: Date.now() - started };
    logger.info({ passages: previous.size, files: files.length }, 'knowledge index is up to date');
    return { index: previous, report };
  }

  const splitter = options.splitter ?? new PassageSplitter();
  const manifestFiles: Record<string, IndexedFile> = {};
  const fresh: Passage[] = [];
  const bar = options.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'ingest [{bar}] {value}/{total} files | {file}', clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(changed.length, 0, { file: '' });
  let done = 0;
  for (const file of changed) {
    try {
      const doc = await loadDocument(file, contents.get(file)!);
      const passages = (await splitter.split(doc)).filter((p) => {
        if (!looksLikeInjection(p.pageContent)) return true;
        quarantined.push({ source: file, passage: p.pageContent.slice(0, 200) });
        logger.warn({ file, passage: p.metadata.id }, 'passage left out of the index: it gives instructions to an assistant');
        return false;
      });
      fresh.push(...passages);
      manifestFiles[file] = { hash: hashes.get(file)!, passageIds: passages.map((p) => p.metadata.id) };
      if (!bar) logger.debug({ file, passages: passages.length, lang: doc.lang }, 'knowledge file read');
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(`${file}: `, '') : String(error);
      skipped.push({ source: file, reason });
      manifestFiles[file] = { hash: hashes.get(file)!, passageIds: [], error: reason };
      logger.warn({ file, reason }, 'knowledge file skipped: it could not be read');
    }
    bar?.update(++done, { file });
  }
  bar?.stop();

  // Unchanged files keep their passages, analysed terms and vectors from the previous build.
  const kept: StoredPassage[] = [];
  const keptVectors: number[][] = [];
  for (const file of files) {
    const before = prevFiles[file];
    if (!previous || !before || changed.includes(file)) continue;
    manifestFiles[file] = before;
    for (const id of before.passageIds) {
      const stored = previous.storedPassage(id);
      const vector = previous.vector(id);
      if (stored && vector) {
        kept.push(stored);
        keptVectors.push(vector);
      }
    }
  }

  // Vectors go to the HNSW builder as they are made (in a worker thread for a large corpus, so
  // insertion overlaps with embedding); labels are kept first, then fresh, as in the records.
  let vectors: HnswBuilder | undefined;
  const total = kept.length + fresh.length;
  const addVectors = (batch: number[][], first: number) => {
    if (batch.length === 0) return;
    vectors ??= startHnswBuilder({ dimensions: batch[0]!.length, capacity: total });
    vectors.add(batch, first);
  };
  const buildName = `build-${Date.now()}-${process.pid}`;
  const buildDir = path.join(indexRoot, buildName);
  const manifest: IndexManifest = {
    version: 1,
    embedding: options.embeddingId,
    lexicon: options.lexiconFingerprint,
    builtAt: new Date().toISOString(),
    files: manifestFiles,
  };
  try {
    addVectors(keptVectors, 0);
    keptVectors.length = 0;
    const batchSize = options.batchSize ?? 256;
    for (let i = 0; i < fresh.length; i += batchSize) {
      const batch = fresh.slice(i, i + batchSize);
      addVectors(await options.embeddings.embedDocuments(batch.map(passageContext)), kept.length + i);
      if (!bar && fresh.length > batchSize) logger.info({ embedded: Math.min(i + batchSize, fresh.length), of: fresh.length }, 'embedding passages');
    }
    const freshRecords = fresh.map((passage) => analysePassage(options.analyzer, passage));
    await KnowledgeIndex.write(buildDir, { records: [...kept, ...freshRecords], vectors, manifest });
  } catch (error) {
    vectors?.abort();
    throw error;
  }
  // Opened from disk like on the next start: the passages stay in the file, not in the heap.
  const index = await KnowledgeIndex.load(buildDir, options.embeddings);
  const pointerTmp = path.join(indexRoot, `current.${process.pid}.tmp`);
  await fs.writeFile(pointerTmp, buildName);
  await fs.rename(pointerTmp, path.join(indexRoot, 'current'));
  previous?.close();
  await removeOldBuilds(indexRoot, buildName);

  const report: IngestReport = {
    quarantined,
    files: files.length,
    changed,
    removed,
    skipped,
    passages: index.size,
    embedded: fresh.length,
    rebuilt: !previous,
    durationMs: Date.now() - started,
  };
  logger.info({ ...report, changed: changed.length, removed: removed.length, skipped: skipped.length, quarantined: quarantined.length }, 'knowledge index built');
  return { index, report };
}

async function removeOldBuilds(indexRoot: string, keep: string): Promise<void> {
  for (const entry of await fs.readdir(indexRoot)) {
    if (entry.startsWith('build-') && entry !== keep) {
      // Another process may still be reading an old build; losing the race is harmless.
      await fs.rm(path.join(indexRoot, entry), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
