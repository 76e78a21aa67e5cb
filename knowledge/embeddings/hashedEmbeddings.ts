import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { TextAnalyzer } from '../text/analyzer.js';
import { CONCEPT_PREFIX } from '../text/analyzer.js';
import { detectLanguage } from '../text/language.js';
import { type Lang } from '../../locales/lang.js';

export interface HashedEmbeddingsOptions extends EmbeddingsParams {
  analyzer: TextAnalyzer;
  /** Vector length; collisions fall as it grows, memory grows with it. */
  dimensions?: number;
  /** Length of the character n-grams that let inflected Czech forms meet. */
  ngram?: number;
}

const DEFAULT_DIMENSIONS = 384;
/** Questions of the turns in progress whose vectors are kept, and the longest such text. */
const RECENT_VECTORS = 64;
const RECENT_MAX_CHARS = 600;

/**
 * Offline dense embeddings: the analyzer's stems and concept tokens plus character n-grams of
 * each word, hashed into a fixed-size signed vector and L2-normalised. No model download, fully
 * deterministic. It implements LangChain's Embeddings so an OpenAIEmbeddings can replace it.
 */
export class HashedEmbeddings extends Embeddings {
  readonly dimensions: number;
  private readonly analyzer: TextAnalyzer;
  private readonly ngram: number;

  constructor(options: HashedEmbeddingsOptions) {
    super(options);
    this.analyzer = options.analyzer;
    this.dimensions = options.dimensions ?? DEFAULT_DIMENSIONS;
    this.ngram = options.ngram ?? 4;
  }

  /** Identifies the vector space; an index built with another one must be rebuilt. */
  get id(): string {
    return `hashed-v1:d${this.dimensions}:n${this.ngram}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedSync(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }

  /**
   * Embeds in the given language, or the detected one. A turn embeds its question twice (intent
   * router, retriever): the vectors of the last few short texts are kept and shared (#20).
   */
  embedSync(text: string, lang?: Lang): number[] {
    const language = lang ?? detectLanguage(text);
    if (text.length > RECENT_MAX_CHARS) return this.embedNow(text, language);
    const key = language + text;
    const recent = this.recent.get(key);
    if (recent) return recent;
    // Shared between callers, who only read it. Not frozen: a frozen number array makes every
    // element read slow (V8 leaves its fast double elements), which cost more than it saved.
    const vector = this.embedNow(text, language);
    if (this.recent.size >= RECENT_VECTORS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, vector);
    return vector;
  }

  private readonly recent = new Map<string, number[]>();

  private embedNow(text: string, lang: Lang): number[] {
    const vector = new Float64Array(this.dimensions);
    const words = this.analyzer.analyze(text, lang);
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
    for (const word of words) {
      add(word.stem, 1);
      for (const concept of word.concepts) add(CONCEPT_PREFIX + concept, 1);
      const grams = charNgrams(word.stem, this.ngram);
      for (const gram of grams) add(`#${gram}`, 0.6 / Math.sqrt(grams.length));
    }
    for (const [feature, count] of counts) {
      const h = fnv1a(feature);
      // Sub-linear term frequency keeps one repeated word from dominating a passage.
      const weight = Math.sign(count) * Math.log1p(Math.abs(count));
      vector[h % this.dimensions]! += (h & 0x80000000 ? -1 : 1) * weight;
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  }
}

function charNgrams(word: string, n: number): string[] {
  const padded = `^${word}$`;
  if (padded.length <= n) return [padded];
  const out: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  return out;
}

/** 32-bit FNV-1a: fast, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
