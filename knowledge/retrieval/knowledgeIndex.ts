import fs from 'node:fs/promises';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Passage } from '../ingest/passageSplitter.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import { LexicalIndex } from './lexicalIndex.js';

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

const LEXICAL_FILE = 'lexical.json';
const MANIFEST_FILE = 'manifest.json';

/**
 * The searchable knowledge: passages in an HNSWLib vector store (label = position) and the same
 * passages in a lexical index, saved together in one directory.
 */
export class KnowledgeIndex {
  readonly passages: Passage[];
  private readonly labelById = new Map<string, number>();

  constructor(
    readonly vectorStore: HNSWLib | undefined,
    readonly lexical: LexicalIndex,
    readonly manifest: IndexManifest,
    passages: Passage[],
  ) {
    this.passages = passages;
    passages.forEach((p, label) => this.labelById.set(p.metadata.id, label));
  }

  get size(): number {
    return this.passages.length;
  }

  passage(id: string): Passage | undefined {
    const label = this.labelById.get(id);
    return label === undefined ? undefined : this.passages[label];
  }

  vector(id: string): number[] | undefined {
    const label = this.labelById.get(id);
    return label === undefined || !this.vectorStore ? undefined : this.vectorStore.index.getPoint(label);
  }

  static async build(options: {
    passages: Passage[];
    vectors: number[][];
    embeddings: EmbeddingsInterface;
    lexical: LexicalIndex;
    manifest: IndexManifest;
  }): Promise<KnowledgeIndex> {
    const { passages, vectors } = options;
    let store: HNSWLib | undefined;
    if (passages.length > 0) {
      store = new HNSWLib(options.embeddings, { space: 'cosine', numDimensions: vectors[0]!.length });
      await store.addVectors(vectors, passages);
    }
    return new KnowledgeIndex(store, options.lexical, options.manifest, passages);
  }

  async save(directory: string): Promise<void> {
    await fs.mkdir(directory, { recursive: true });
    if (this.vectorStore) await this.vectorStore.save(directory);
    await fs.writeFile(path.join(directory, LEXICAL_FILE), this.lexical.toJSON());
    await fs.writeFile(path.join(directory, MANIFEST_FILE), JSON.stringify(this.manifest, null, 2));
  }

  static async readManifest(directory: string): Promise<IndexManifest | undefined> {
    try {
      return JSON.parse(await fs.readFile(path.join(directory, MANIFEST_FILE), 'utf8')) as IndexManifest;
    } catch {
      return undefined;
    }
  }

  static async load(directory: string, embeddings: EmbeddingsInterface, analyzer: TextAnalyzer): Promise<KnowledgeIndex> {
    const manifest = await KnowledgeIndex.readManifest(directory);
    if (!manifest) throw new Error(`No index manifest in ${directory}`);
    const lexical = LexicalIndex.fromJSON(analyzer, await fs.readFile(path.join(directory, LEXICAL_FILE), 'utf8'));
    const expected = Object.values(manifest.files).reduce((n, f) => n + f.passageIds.length, 0);
    if (expected === 0) return new KnowledgeIndex(undefined, lexical, manifest, []);
    const store = await HNSWLib.load(directory, embeddings);
    const passages: Passage[] = [];
    for (let label = 0; label < expected; label++) {
      const doc = store.docstore.search(String(label));
      if (typeof doc === 'string') throw new Error(`Index in ${directory} is missing passage ${label}`);
      passages.push(doc as Passage);
    }
    return new KnowledgeIndex(store, lexical, manifest, passages);
  }
}

