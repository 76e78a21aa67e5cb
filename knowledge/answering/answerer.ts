import { t } from '../../locales/index.js';
import type { HybridRetriever, RetrievedPassage } from '../retrieval/hybridRetriever.js';
import type { KnowledgeIndex } from '../retrieval/knowledgeIndex.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import { detectLanguage } from '../text/language.js';
import { type Lang } from '../../locales/lang.js';
import { extractAnswer } from './extractive.js';
import { coverage } from '../retrieval/evidence.js';
import { askedTypes, holdsType, type AnswerType } from './answerTypes.js';

export type AnswerKind = 'answer' | 'dont_know' | 'out_of_scope';

export interface Citation {
  /** The `[n]` marker in the answer text. */
  position: number;
  title: string;
  source: string;
  docId: string;
  lang: Lang;
  headings: string[];
  /** The full retrieved passage. */
  passage: string;
  score: number;
}

export interface KnowledgeAnswer {
  kind: AnswerKind;
  language: Lang;
  /** Text for the client, with `[n]` citation markers when grounded. */
  text: string;
  grounded: boolean;
  citations: Citation[];
  /** Written by a language model from the cited passages (labelled as AI-generated). */
  generated?: boolean;
  /**
   * The cited passages are in this other language than the answer's: the offline answer says so
   * in the client's language and quotes them as they are; an LLM answer is marked translated.
   */
  sourceLanguage?: Lang;
  /** The text is a language model's translation of passages in `sourceLanguage`. */
  translated?: boolean;
}

/** Anything that answers a question from the knowledge base: offline, or with an LLM. */
export interface QuestionAnswerer {
  answer(question: string, options?: AskOptions): Promise<KnowledgeAnswer>;
}

/**
 * When the best passage counts as evidence: either it contains most of the question's words
 * (lexical path), or a fair share of them and it is also close in meaning (semantic path, for
 * paraphrases). Calibrated on test/eval (questions vs negatives) with `npm run eval`.
 */
export interface AnswerThresholds {
  minCoverage: number;
  minSimilarity: number;
  semanticMinCoverage: number;
  semanticMinSimilarity: number;
  /** Below this coverage and without any domain concept, the question is not about insurance at all. */
  outOfScopeCoverage: number;
  /**
   * Relative evidence: a passage that clearly stands out from the next one (its coverage ahead
   * by `minMargin`) counts from `marginMinCoverage` on, if it is not unrelated in meaning. Real
   * documents phrase things differently from their clients, so absolute floors alone lose answers
   * that retrieval found.
   */
  marginMinCoverage: number;
  minMargin: number;
  marginMinSimilarity: number;
  /** A question for a specific item (phone, address, days…) and a passage that holds one: enough from here. */
  typedMinCoverage: number;
}

export const DEFAULT_THRESHOLDS: AnswerThresholds = {
  minCoverage: 0.5,
  minSimilarity: 0.1,
  semanticMinCoverage: 0.3,
  semanticMinSimilarity: 0.35,
  outOfScopeCoverage: 0.34,
  marginMinCoverage: 0.25,
  minMargin: 0.1,
  marginMinSimilarity: 0.1,
  typedMinCoverage: 0.2,
};

/**
 * The passage to answer from, or undefined for "I don't know". A question for a specific kind of
 * item is answered only by a passage that holds one (the best such passage among the first
 * three); otherwise the best passage must be evidence by itself or stand out from the rest.
 * Calibrated with `npm run eval` on the bundled sets and the real charter (test/eval/real-charter.jsonl).
 */
export function chooseEvidence(retrieved: RetrievedPassage[], types: AnswerType[], th: AnswerThresholds, questionLang?: Lang): RetrievedPassage | undefined {
  if (types.length) {
    const holding = retrieved.slice(0, 3).find((r) => types.every((type) => holdsType(r.passage.pageContent, type)));
    if (!holding) return undefined;
    // A bare number ("how many…") is too common to prove anything; the specific kinds are not.
    if (types.some((type) => type !== 'quantity') && holding.coverage >= th.typedMinCoverage) return holding;
    if (holding !== retrieved[0]) return undefined;
  }
  const [best, next] = retrieved;
  if (!best) return undefined;
  if (isEvidence(best, th)) return best;
  // Hashed features of an English question and a Czech passage are structurally far apart: the
  // meaning check applies within one language only (coverage already counts shared concepts).
  const sameLanguage = questionLang === undefined || best.passage.metadata.lang === questionLang;
  const standsOut =
    best.coverage >= th.marginMinCoverage && best.coverage - (next?.coverage ?? 0) >= th.minMargin && (!sameLanguage || best.denseSimilarity >= th.marginMinSimilarity);
  return standsOut ? best : undefined;
}

export function isEvidence(r: RetrievedPassage | undefined, th: AnswerThresholds): boolean {
  if (!r) return false;
  return (
    (r.coverage >= th.minCoverage && r.denseSimilarity >= th.minSimilarity) ||
    (r.coverage >= th.semanticMinCoverage && r.denseSimilarity >= th.semanticMinSimilarity)
  );
}

export interface AskOptions {
  /** Force the answer language (e.g. /api/ask with "language"). */
  lang?: Lang;
  /** The channel locale or the conversation's language so far: used when the text is ambiguous. */
  langHint?: Lang;
  /** Receives the answer while it is being written (LLM mode; the offline answer comes whole). */
  onPartial?: (textSoFar: string) => Promise<void> | void;
}

/**
 * The offline question-answering pipeline: detect the language, retrieve, decide from the
 * evidence whether an answer exists, and answer extractively with a citation — or say plainly
 * that there is no answer. Never composes text that is not in a retrieved passage.
 */
export class KnowledgeAnswerer implements QuestionAnswerer {
  constructor(
    private readonly deps: { retriever: HybridRetriever; index: KnowledgeIndex; analyzer: TextAnalyzer; thresholds?: AnswerThresholds },
  ) {}

  private get thresholds(): AnswerThresholds {
    return this.deps.thresholds ?? DEFAULT_THRESHOLDS;
  }

  async retrieve(question: string, lang: Lang, k = 5): Promise<RetrievedPassage[]> {
    return this.deps.retriever.search(question, { lang, k });
  }

  async answer(question: string, options: AskOptions = {}): Promise<KnowledgeAnswer> {
    const language = options.lang ?? detectLanguage(question, options.langHint);
    const retrieved = await this.retrieve(question, language);
    const words = this.deps.analyzer.analyze(question, language);
    const th = this.thresholds;
    const best = chooseEvidence(retrieved, askedTypes(question), th, language);

    if (!best) {
      const top = retrieved[0];
      const inDomain = words.some((w) => w.concepts.length > 0) || (top?.coverage ?? 0) >= th.outOfScopeCoverage;
      const kind: AnswerKind = inDomain ? 'dont_know' : 'out_of_scope';
      return { kind, language, text: t(language, kind === 'dont_know' ? 'dontKnow' : 'outOfScope'), grounded: false, citations: [] };
    }

    const lexical = this.deps.index.lexical;
    const idf = (term: string) => lexical.idf(term);
    const cited: RetrievedPassage[] = [best];
    // A second source only when it is evidence itself and covers words of the question the first misses.
    const second = retrieved.find((r) => r !== best && r.passage.metadata.docId !== best.passage.metadata.docId);
    if (second && isEvidence(second, th) && second.passage.metadata.lang === best.passage.metadata.lang) {
      const union = new Set([...lexical.termsOf(best.passage.metadata.id), ...lexical.termsOf(second.passage.metadata.id)]);
      if (coverage(words, union, idf) >= best.coverage + 0.15) cited.push(second);
    }
    const parts = cited.map((r, i) => {
      const extract = extractAnswer(r.passage.pageContent, words, r.passage.metadata.lang, this.deps.analyzer, idf);
      return `${extract} [${i + 1}]`;
    });
    // Cross-lingual honesty: an English client answered from a Czech passage is told so, in English.
    const sourceLanguage = best.passage.metadata.lang;
    const foreign = sourceLanguage !== language;
    const text = parts.join('\n\n');
    return {
      kind: 'answer',
      language,
      text: foreign ? `${t(language, 'answer.otherLanguage', { source: sourceLanguage })}\n\n${text}` : text,
      grounded: true,
      citations: cited.map((r, i) => toCitation(r, i + 1)),
      ...(foreign ? { sourceLanguage } : {}),
    };
  }
}

export function toCitation(r: RetrievedPassage, position: number): Citation {
  return {
    position,
    title: r.passage.metadata.title,
    source: r.passage.metadata.source,
    docId: r.passage.metadata.docId,
    lang: r.passage.metadata.lang,
    headings: r.passage.metadata.headings,
    passage: r.passage.pageContent,
    score: Number(r.score.toFixed(6)),
  };
}
