import { StemmerCs, StopwordsCs } from '@nlpjs/lang-cs';
import { StemmerEn, StopwordsEn } from '@nlpjs/lang-en';
import { foldDiacritics, wordTokens } from './fold.js';
import type { Lang } from '../../locales/lang.js';
import type { Lexicon } from './lexicon.js';

/** One content word of a text: its normalised stem and the concepts it takes part in. */
export interface AnalyzedWord {
  stem: string;
  concepts: string[];
  /**
   * Other stems the word may be found under: a negated Czech verb or adjective without its
   * "ne-" ("nevyplatíte" → the stem of "vyplatíte"), since the passage states the positive case.
   */
  variants?: string[];
  /**
   * Stems of the word in the other language, from the learnt table (aligned.json). Weaker
   * evidence than a stem or a concept: a passage holding one counts the word in part.
   */
  translations?: string[];
}

export const CONCEPT_PREFIX = '~';

/**
 * Short texts remembered with their analysis: the questions of the turns in progress and the
 * sentences of the passages answers are extracted from (the same few come back turn after turn).
 */
const RECENT_TEXTS = 512;
const RECENT_TEXT_MAX_CHARS = 600;

// Plural case endings the light Czech stemmer leaves on (odběratelům, odběratelích, fakturami).
const RESIDUAL_CZECH_ENDINGS = ['ami', 'emi', 'ich', 'ach', 'um', 'ovi'];

function stripResidualCzechEnding(stem: string): string {
  for (const ending of RESIDUAL_CZECH_ENDINGS) {
    if (stem.endsWith(ending) && stem.length - ending.length >= 4) return stem.slice(0, -ending.length);
  }
  return stem;
}

interface Stemmer {
  stem(word: string): string;
}
interface Stopwords {
  isStopword(word: string): boolean;
}

interface PhraseEntry {
  stems: string[];
  concept: string;
}

/**
 * Turns text into retrieval terms: tokens → stopwords removed → stemmed (before folding, as the
 * Czech stemmer needs the diacritics) → folded → lemma table → concept tokens from the lexicon.
 * The same analysis runs on documents and questions, so they meet on the same terms.
 */
export class TextAnalyzer {
  private readonly stemmers: Record<Lang, Stemmer> = { cs: new StemmerCs(), en: new StemmerEn() };
  private readonly stopwords: Record<Lang, Stopwords> = { cs: new StopwordsCs(), en: new StopwordsEn() };
  private readonly extraStopwords: Record<Lang, Set<string>>;
  private readonly lemmas: Map<string, string>;
  /** Per language: first stem of a phrase → the phrases starting with it (longest first). */
  private readonly phrases: Record<Lang, Map<string, PhraseEntry[]>>;
  /** Per language: a stem → its learnt translations' stems in the other language. */
  private readonly translations: Record<Lang, Map<string, string[]>> = { cs: new Map(), en: new Map() };

  constructor(lexicon: Lexicon) {
    this.extraStopwords = {
      cs: new Set(lexicon.stopwords.cs.map(foldDiacritics)),
      en: new Set(lexicon.stopwords.en.map(foldDiacritics)),
    };
    this.lemmas = new Map(Object.entries(lexicon.lemmas));
    this.phrases = { cs: new Map(), en: new Map() };
    for (const concept of lexicon.concepts) {
      for (const lang of ['cs', 'en'] as const) {
        for (const phrase of concept[lang]) this.addPhrase(lang, phrase, concept.id);
      }
    }
    for (const table of Object.values(this.phrases)) {
      for (const entries of table.values()) entries.sort((a, b) => b.stems.length - a.stems.length);
    }
    for (const pair of lexicon.aligned ?? []) {
      const cs = pair.cs.map((w) => this.stemWord(w, 'cs')).filter((s): s is string => !!s);
      const en = pair.en.map((w) => this.stemWord(w, 'en')).filter((s): s is string => !!s);
      this.addTranslations('en', en, cs);
      this.addTranslations('cs', cs, en);
    }
  }

  private addTranslations(lang: Lang, from: string[], to: string[]): void {
    for (const stem of from) {
      const list = this.translations[lang].get(stem) ?? [];
      for (const target of to) if (target !== stem && !list.includes(target)) list.push(target);
      if (list.length) this.translations[lang].set(stem, list);
    }
  }

  private addPhrase(lang: Lang, phrase: string, concept: string): void {
    // Phrases keep their stopwords out the same way texts do, so "has not paid" matches "hasn't paid".
    const stems = this.stems(phrase, lang, false);
    if (stems.length === 0) return;
    const first = stems[0]!;
    const list = this.phrases[lang].get(first) ?? [];
    if (!list.some((e) => e.concept === concept && e.stems.join(' ') === stems.join(' '))) {
      list.push({ stems, concept });
    }
    this.phrases[lang].set(first, list);
  }

  // Stemming is pure and the vocabulary small: remember results (bounded, cleared when full).
  private readonly stemCache = new Map<string, string | null>();

  /** The normalised stem of one word, or undefined for a stopword. */
  stemWord(word: string, lang: Lang, dropStopwords = true): string | undefined {
    const key = `${lang}${dropStopwords ? 1 : 0}${word}`;
    const cached = this.stemCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const stem = this.computeStem(word, lang, dropStopwords);
    if (this.stemCache.size > 100_000) this.stemCache.clear();
    this.stemCache.set(key, stem ?? null);
    return stem;
  }

  private computeStem(word: string, lang: Lang, dropStopwords: boolean): string | undefined {
    const lower = word.toLowerCase();
    const folded = foldDiacritics(lower);
    if (dropStopwords && (this.stopwords[lang].isStopword(lower) || this.extraStopwords[lang].has(folded))) {
      return undefined;
    }
    if (/^\p{N}+$/u.test(lower)) return lower;
    // The Czech stemmer returns nothing for some tokens (mixed letters and digits): keep the word.
    let stemmed = foldDiacritics(this.stemmers[lang].stem(lower) || lower);
    if (lang === 'cs') stemmed = stripResidualCzechEnding(stemmed);
    return this.lemmas.get(stemmed) ?? this.lemmas.get(folded) ?? stemmed;
  }

  private stems(text: string, lang: Lang, dropStopwords = true): string[] {
    const out: string[] = [];
    for (const token of wordTokens(text)) {
      const stem = this.stemWord(token, lang, dropStopwords);
      if (stem) out.push(stem);
    }
    return out;
  }

  /**
   * Content words with their concepts. Concept phrases are matched on the stem sequence of the
   * text, stopwords included, so multi-word phrases like "po splatnosti" are found.
   */
  analyze(text: string, lang: Lang): AnalyzedWord[] {
    // One turn analyses its message several times (intent router, retriever, evidence check,
    // follow-up): a question is analysed once and the result shared (#20). Long texts (whole
    // passages at ingest) go straight through.
    if (text.length > RECENT_TEXT_MAX_CHARS) return this.analyzeNow(text, lang);
    const key = lang + text;
    const recent = this.recentQueries.get(key);
    if (recent) return recent;
    // Frozen: it is shared, and a caller changing it would change every later caller's words.
    // Every field is kept (variants, translations): a copy of only some would answer differently.
    const words = Object.freeze(this.analyzeNow(text, lang).map((w) => Object.freeze({ ...w, concepts: Object.freeze(w.concepts) as string[] }))) as AnalyzedWord[];
    if (this.recentQueries.size >= RECENT_TEXTS) this.recentQueries.delete(this.recentQueries.keys().next().value!);
    this.recentQueries.set(key, words);
    return words;
  }

  private readonly recentQueries = new Map<string, AnalyzedWord[]>();

  private analyzeNow(text: string, lang: Lang): AnalyzedWord[] {
    const tokens = wordTokens(text).map((token) => ({
      stem: this.stemWord(token, lang, false) ?? token,
      content: this.stemWord(token, lang, true) !== undefined,
      concepts: [] as string[],
    }));
    const table = this.phrases[lang];
    for (let i = 0; i < tokens.length; i++) {
      for (const entry of table.get(tokens[i]!.stem) ?? []) {
        const n = entry.stems.length;
        if (i + n > tokens.length) continue;
        let match = true;
        for (let j = 1; j < n && match; j++) match = tokens[i + j]!.stem === entry.stems[j];
        if (!match) continue;
        for (let j = 0; j < n; j++) {
          const target = tokens[i + j]!;
          if (!target.concepts.includes(entry.concept)) target.concepts.push(entry.concept);
          // A stopword inside a matched phrase ("po splatnosti") carries the phrase's meaning.
          target.content = true;
        }
      }
    }
    return tokens
      .filter((t) => t.content)
      .map(({ stem, concepts }) => {
        const positive = lang === 'cs' ? this.withoutNegation(stem) : undefined;
        const word: AnalyzedWord = positive ? { stem, concepts, variants: [positive] } : { stem, concepts };
        // A word a hand-written concept already bridges needs no learnt translation.
        const translations = concepts.length ? undefined : this.translations[lang].get(positive ?? stem) ?? this.translations[lang].get(stem);
        if (translations) word.translations = translations;
        return word;
      });
  }

  /** Czech negation is a prefix: "nezaplacen" is found where the text says "zaplacen". */
  private withoutNegation(stem: string): string | undefined {
    if (!stem.startsWith('ne') || stem.length < 7) return undefined;
    const rest = stem.slice(2);
    return this.stemWord(rest, 'cs') ?? undefined;
  }

  /** Flat list of retrieval terms: stems plus concept tokens (prefixed with "~"). */
  terms(text: string, lang: Lang): string[] {
    const out: string[] = [];
    for (const word of this.analyze(text, lang)) {
      out.push(word.stem);
      for (const concept of word.concepts) out.push(CONCEPT_PREFIX + concept);
    }
    return out;
  }
}
