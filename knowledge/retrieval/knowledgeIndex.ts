import fs from 'node:fs/promises';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { SynchronousInMemoryDocstore } from '@langchain/community/stores/doc/in_memory';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Document } from '@langchain/core/documents';
import type { Passage } from '../ingest/passageSplitter.js';
import { Bm25Index } from './bm25Index.js';
import type { HnswBuilder } from './hnswBuilder.js';
import { buildBm25, LexicalIndex } from './lexicalIndex.js';
import { PassageStore, type StoredPassage } from './passageStore.js';

export interface IndexedFile {
  hash: string;
  /** Ids of the file's passages; empty when the file could not be read. */
  passageIds: string[];
  error?: string;
}

/** What an index was built from; a change in any of it means a rebuild. */
export interface IndexManifest {
  version: 1;
  /** Which embedding produced the vectors: vectors of two embeddings are never mixed. */
  embedding: string;
  /** Fingerprint of the analyzer and lexicon that produced the lexical terms. */
  lexicon: string;
  builtAt: string;
  files: Record<string, IndexedFile>;
}

const LEXICAL_FILE = 'lexical.bm25';
const PASSAGES_FILE = 'passages.bin';
const VECTORS_FILE = 'hnswlib.index';
const VECTOR_ARGS_FILE = 'hnswlib.json';
const MANIFEST_FILE = 'manifest.json';

/**
 * HNSWLib looks its hits up in a docstore by label; this one reads them from the passage store
 * on disk instead of holding every passage in the heap (langchain's docstore.json).
 */
class PassageDocstore extends SynchronousInMemoryDocstore {
  constructor(private readonly store: PassageStore) {
    super();
  }

  override search(label: string): Document {
    const passage = this.store.passage(Number(label));
    if (!passage) throw new Error(`Passage ${label} is not in the passage store`);
    return passage;
  }

  override add(): void {
    throw new Error('The passage store is written by KnowledgeIndex.write, not through the vector store');
  }
}

/**
 * The searchable knowledge of one build directory: vectors in HNSW (label = position), the BM25
 * index (lexical.bm25) and the passages with their analysed terms (passages.bin), all with the
 * same labels. The passages stay on disk; search reads the candidates it scores.
 */
export class KnowledgeIndex {
  constructor(
    readonly vectorStore: HNSWLib | undefined,
    readonly lexical: LexicalIndex,
    readonly manifest: IndexManifest,
    private readonly store: PassageStore,
  ) {}

  get size(): number {
    return this.store.size;
  }

  /**
   * Every passage, read from disk in label order. For evaluation and tools: it materialises the
   * corpus, which a query never needs.
   */
  get passages(): Passage[] {
    return [...this.store.passages()];
  }

  passage(id: string): Passage | undefined {
    const label = this.store.labelOf(id);
    return label === undefined ? undefined : this.store.passage(label);
  }

  /** The passage with its analysed terms (a rebuild reuses them for unchanged files). */
  storedPassage(id: string): StoredPassage | undefined {
    const label = this.store.labelOf(id);
    return label === undefined ? undefined : this.store.record(label);
  }

  /**
   * The k nearest passages to a vector, by id, nearest first (cosine distance). Straight from
   * HNSW: the passages themselves are read only for the hits a caller keeps.
   */
  nearest(vector: number[], k: number): { id: string; distance: number }[] {
    if (!this.vectorStore || k <= 0) return [];
    const { neighbors, distances } = this.vectorStore.index.searchKnn(vector, Math.min(k, this.size));
    return neighbors.map((label, i) => ({ id: this.store.ids[label]!, distance: distances[i]! }));
  }

  vector(id: string): number[] | undefined {
    const label = this.store.labelOf(id);
    return label === undefined || !this.vectorStore ? undefined : this.vectorStore.index.getPoint(label);
  }

  /** Releases the passage file (a rebuilt index replaces this one). */
  close(): void {
    this.store.close();
  }

  /**
   * Writes a build directory: passage i of `records` gets label i in all three structures (the
   * vectors were given to `vectors` with the same labels). Open it with `load`.
   */
  static async write(directory: string, options: { records: readonly StoredPassage[]; vectors: HnswBuilder | undefined; manifest: IndexManifest }): Promise<void> {
    const { records, vectors } = options;
    await fs.mkdir(directory, { recursive: true });
    PassageStore.write(path.join(directory, PASSAGES_FILE), records);
    await fs.writeFile(path.join(directory, LEXICAL_FILE), buildBm25(records).serialize());
    if (records.length > 0) {
      if (!vectors) throw new Error(`${records.length} passages but no vectors`);
      const count = await vectors.save(path.join(directory, VECTORS_FILE));
      if (count !== records.length) throw new Error(`${records.length} passages but ${count} vectors`);
      await fs.writeFile(path.join(directory, VECTOR_ARGS_FILE), JSON.stringify({ space: 'cosine', numDimensions: vectors.dimensions }));
    }
    await fs.writeFile(path.join(directory, MANIFEST_FILE), JSON.stringify(options.manifest, null, 2));
  }

  static async readManifest(directory: string): Promise<IndexManifest | undefined> {
    try {
      return JSON.parse(await fs.readFile(path.join(directory, MANIFEST_FILE), 'utf8')) as IndexManifest;
    } catch {
      return undefined;
    }
  }

  static async load(directory: string, embeddings: EmbeddingsInterface): Promise<KnowledgeIndex> {
    const manifest = await KnowledgeIndex.readManifest(directory);
    if (!manifest) throw new Error(`No index manifest in ${directory}`);
    const expected = Object.values(manifest.files).reduce((n, f) => n + f.passageIds.length, 0);
    const store = PassageStore.open(path.join(directory, PASSAGES_FILE));
    try {
      if (store.size !== expected) throw new Error(`Index in ${directory} has ${store.size} passages, its manifest ${expected}`);
      const lexical = new LexicalIndex(Bm25Index.deserialize(await fs.readFile(path.join(directory, LEXICAL_FILE))), store);
      if (expected === 0) return new KnowledgeIndex(undefined, lexical, manifest, store);
      const args = JSON.parse(await fs.readFile(path.join(directory, VECTOR_ARGS_FILE), 'utf8')) as { space: 'cosine'; numDimensions: number };
      const { HierarchicalNSW } = await HNSWLib.imports();
      const hnsw = new HierarchicalNSW(args.space, args.numDimensions);
      await hnsw.readIndex(path.join(directory, VECTORS_FILE));
      if (hnsw.getCurrentCount() !== expected) throw new Error(`Index in ${directory} has ${hnsw.getCurrentCount()} vectors for ${expected} passages`);
      const vectorStore = new HNSWLib(embeddings, { ...args, index: hnsw, docstore: new PassageDocstore(store) });
      return new KnowledgeIndex(vectorStore, lexical, manifest, store);
    } catch (error) {
      store.close();
      throw error;
    }
  }
}
