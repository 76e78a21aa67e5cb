import { t } from '../../locales/index.js';
import type { HybridRetriever, RetrievedPassage } from '../retrieval/hybridRetriever.js';
import type { KnowledgeIndex } from '../retrieval/knowledgeIndex.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import { detectLanguage } from '../text/language.js';
import { type Lang } from '../../locales/lang.js';
import { extractAnswer, sentenceUnits } from './extractive.js';
import type { AnalyzedWord } from '../text/analyzer.js';
import { coverage, wordMatch } from '../retrieval/evidence.js';
import { askedTypes, asksForDefinition, asksForSpan, holdsType, type AnswerType } from './answerTypes.js';

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
  /**
   * Evidence in one place: one or two consecutive sentences of a passage that hold this share of
   * the question's meaning, ahead of the best such sentences of the other candidates by
   * `sentenceMargin`. Answers are one or two sentences, so this is what the client will read;
   * the meaning check (hashed similarity) says little on a small knowledge base of one document.
   */
  sentenceMinCoverage: number;
  sentenceMargin: number;
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
  sentenceMinCoverage: 0.5,
  sentenceMargin: 0.25,
};

/** How much of the question the best one or two consecutive sentences of a passage hold. */
export type SentenceCoverage = (r: RetrievedPassage) => number;

/** What the gate knows about the question beyond the ranked passages. */
export interface EvidenceSignals {
  sentenceCoverage?: SentenceCoverage;
  /** The question asks how long something takes. */
  asksSpan?: boolean;
  /**
   * For a question asking what something is: whether a passage defines it (a sentence that starts
   * with the asked-about words and says what they are). Among passages that hold the question
   * alike, the defining one answers — not a later line that merely names the thing.
   */
  defines?: (r: RetrievedPassage) => boolean;
}


/**
 * The passage to answer from, or undefined for "I don't know". A question for a specific kind of
 * item is answered only by a passage that holds one (the best such passage among the first
 * three); otherwise the best passage must be evidence by itself or stand out from the rest.
 * Calibrated with `npm run eval` on the bundled sets and the real charter (test/eval/real-charter.jsonl).
 */
export function chooseEvidence(
  retrieved: RetrievedPassage[],
  types: AnswerType[],
  th: AnswerThresholds,
  questionLang?: Lang,
  more: EvidenceSignals = {},
): RetrievedPassage | undefined {
  const { sentenceCoverage, asksSpan = false, defines } = more;
  if (types.length) {
    const holding = retrieved.slice(0, 3).find((r) => types.every((type) => holdsType(r.passage.pageContent, type)));
    if (!holding) return undefined;
    // A bare number ("how many…") is too common to prove anything; the specific kinds are not.
    if (types.some((type) => type !== 'quantity') && holding.coverage >= th.typedMinCoverage) return holding;
    if (holding !== retrieved[0]) return undefined;
  }
  if (!retrieved[0]) return undefined;
  if (defines && !types.length) {
    // A passage that holds the question about as well as the best one and defines what it asks
    // about answers it: "Kodex zákaznických služeb je náš příslib…" for "Co je Kodex…?".
    const definer = retrieved.slice(0, 3).find((r) => r.coverage >= retrieved[0]!.coverage - 0.1 && defines(r));
    if (definer) return definer;
  }
  const [best, next] = retrieved;
  if (!best) return undefined;
  if (sentenceCoverage && !types.length) {
    // Evidence beyond the top passage: among the first three, the one whose sentences hold the
    // question best, when they clearly hold it better than the others' do.
    const candidates = retrieved.slice(0, 3).map((r) => ({ r, s: sentenceCoverage(r) }));
    const [top, runnerUp] = [...candidates].sort((a, b) => b.s - a.s);
    // "How long does it take…" is not answered by sentences on the topic that name no time at all.
    const fits = (r: RetrievedPassage) => !asksSpan || holdsType(r.passage.pageContent, 'duration');
    if (top && top.s >= th.sentenceMinCoverage && top.s - (runnerUp?.s ?? 0) >= th.sentenceMargin && fits(top.r)) return top.r;
  }
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

  async retrieve(question: string, lang: Lang, k = 5, words?: AnalyzedWord[]): Promise<RetrievedPassage[]> {
    return this.deps.retriever.search(question, { lang, k, ...(words ? { words } : {}) });
  }

  async answer(question: string, options: AskOptions = {}): Promise<KnowledgeAnswer> {
    const language = options.lang ?? detectLanguage(question, options.langHint);
    // Analysed once: the retriever ranks with these words and the gate weighs them.
    const words = this.deps.retriever.analyze(question, language);
    const retrieved = await this.retrieve(question, language, 5, words);
    const th = this.thresholds;
    const lexical = this.deps.index.lexical;
    const idf = (term: string) => lexical.idf(term);
    const sentenceCoverage: SentenceCoverage = (r) =>
      bestSentenceCoverage(r.passage.pageContent, r.passage.metadata.lang, words, this.deps.analyzer, idf, [r.passage.metadata.title, ...r.passage.metadata.headings].join('\n'));
    const defines = asksForDefinition(question) ? (r: RetrievedPassage) => definesWords(r.passage.pageContent, r.passage.metadata.lang, words, this.deps.analyzer) : undefined;
    const chosen = chooseEvidence(retrieved, askedTypes(question), th, language, { sentenceCoverage, asksSpan: asksForSpan(question), ...(defines ? { defines } : {}) });
    // A name the client asks about ("buyers in Russia", "premium in Germany") that neither the
    // passage nor any other document holds: the passage is on the topic, not on the thing asked.
    const names = properNames(question).flatMap((name) => this.deps.retriever.analyze(name, language));
    const known = (name: AnalyzedWord) =>
      (chosen && wordMatch(name, lexical.termsOf(chosen.passage.metadata.id)) > 0) ||
      [name.stem, ...(name.variants ?? []), ...(name.translations ?? [])].some((term) => lexical.holds(term));
    const best = chosen && names.every(known) ? chosen : undefined;

    if (!best) {
      const top = retrieved[0];
      const inDomain = words.some((w) => w.concepts.length > 0) || (top?.coverage ?? 0) >= th.outOfScopeCoverage;
      const kind: AnswerKind = inDomain ? 'dont_know' : 'out_of_scope';
      return { kind, language, text: t(language, kind === 'dont_know' ? 'dontKnow' : 'outOfScope'), grounded: false, citations: [] };
    }

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

const WORD = /[\p{L}\p{N}]+/gu;
// The end of a sentence: a new one starts with a capital letter whatever it says.
const SENTENCE_END = /[.!?…]\s/u;

/**
 * The words of a question written with a capital letter where a sentence does not start: names of
 * countries, cities, companies, products ("Russia", "Brazílii", "EUR"). Lower-case text has none.
 */
export function properNames(question: string): string[] {
  const sentences = question.trim().split(SENTENCE_END);
  const words = sentences[sentences.length - 1]!.match(WORD) ?? [];
  return words.slice(1).filter((word) => word[0] !== word[0]!.toLowerCase());
}

/** The coverage of the question by the best one or two consecutive sentences of a passage. */
export function bestSentenceCoverage(
  passage: string,
  lang: Lang,
  words: AnalyzedWord[],
  analyzer: TextAnalyzer,
  idf: (term: string) => number,
  /** The passage's title and headings: the context every one of its sentences is read in. */
  context = '',
): number {
  const sentences = sentenceUnits(passage, lang).map((text) => analyzer.terms(text, lang));
  const around = analyzer.terms(context, lang);
  let best = 0;
  for (let i = 0; i < sentences.length; i++) {
    const one = new Set([...around, ...sentences[i]!]);
    best = Math.max(best, coverage(words, one, idf));
    if (i + 1 < sentences.length) best = Math.max(best, coverage(words, new Set([...one, ...sentences[i + 1]!]), idf));
  }
  return best;
}


// The verb of a definition: "X je…", "X means…".
const DEFINING_VERB = /^(?:je|jsou|znamen\p{L}*|označuje|is|are|means|refers)$/u;

/**
 * Whether a sentence of the passage defines the question's words: it starts with them (within
 * the first few words) and goes on with a defining verb ("Kodex zákaznických služeb je…",
 * "Protracted default means…").
 */
export function definesWords(passage: string, lang: Lang, words: AnalyzedWord[], analyzer: TextAnalyzer): boolean {
  const asked = new Set(words.map((w) => w.stem));
  if (asked.size === 0) return false;
  return sentenceUnits(passage, lang).some((sentence) => {
    const tokens = sentence.split(/\s+/).slice(0, 8);
    const verbAt = tokens.findIndex((t) => DEFINING_VERB.test(t.toLowerCase()));
    if (verbAt < 1) return false;
    const subject = new Set(analyzer.terms(tokens.slice(0, verbAt).join(' '), lang));
    const held = [...asked].filter((stem) => subject.has(stem)).length;
    return held / asked.size >= 0.6;
  });
}
