import { CONCEPT_PREFIX, type AnalyzedWord } from '../text/analyzer.js';

/** A query word counts as found when the passage has its stem, one of its concepts, or a near form. */
export function wordFound(word: AnalyzedWord, passageTerms: ReadonlySet<string>): boolean {
  if (passageTerms.has(word.stem)) return true;
  for (const concept of word.concepts) if (passageTerms.has(CONCEPT_PREFIX + concept)) return true;
  if (word.stem.length >= 5 && hasNearForm(word.stem, passageTerms)) return true;
  return (word.variants ?? []).some((v) => passageTerms.has(v) || (v.length >= 5 && hasNearForm(v, passageTerms)));
}

/**
 * How much a learnt translation counts against the word itself. Measured with `npm run eval` at
 * 0.6, 0.8, 0.9 and 1: since a translation is used only for a word no passage in the client's language
 * holds (HybridRetriever.analyze), full weight lost nothing on the bundled sets and answered most.
 */
export const TRANSLATION_WEIGHT = 1;

/** 1 when the passage holds the word itself, `TRANSLATION_WEIGHT` when only its learnt translation, else 0. */
export function wordMatch(word: AnalyzedWord, passageTerms: ReadonlySet<string>): number {
  if (wordFound(word, passageTerms)) return 1;
  const translated = (word.translations ?? []).some((t) => passageTerms.has(t) || sharesBeginning(t, passageTerms));
  return translated ? TRANSLATION_WEIGHT : 0;
}

/**
 * The learnt table counts Czech forms together by their first six letters (scripts/alignLexicon.ts:
 * poskytneme, poskytujeme), so a translation is found the same way.
 */
export const TRANSLATION_KEY = 6;
function sharesBeginning(translation: string, terms: ReadonlySet<string>): boolean {
  if (translation.length < TRANSLATION_KEY) return false;
  const key = translation.slice(0, TRANSLATION_KEY);
  for (const term of terms) if (term.startsWith(key)) return true;
  return false;
}

/**
 * Czech inflection the stemmer misses ("pohledávek" / "pohledávky") differs only at the end:
 * a long shared prefix is taken as the same word.
 */
function hasNearForm(stem: string, terms: ReadonlySet<string>): boolean {
  for (const term of terms) {
    if (term.length < 5 || term.startsWith(CONCEPT_PREFIX)) continue;
    const need = Math.max(5, Math.min(stem.length, term.length) - 2);
    let i = 0;
    while (i < stem.length && i < term.length && stem[i] === term[i]) i++;
    if (i >= need) return true;
  }
  return false;
}

/**
 * The share of the question's meaning (IDF-weighted words) that a passage contains: 1 means every
 * content word of the question is in the passage. This, not the rank, decides whether the bot
 * answers or says it does not know.
 */
export function coverage(words: AnalyzedWord[], passageTerms: ReadonlySet<string>, idf: (term: string) => number): number {
  let total = 0;
  let found = 0;
  const seen = new Set<string>();
  for (const word of words) {
    if (seen.has(word.stem)) continue;
    seen.add(word.stem);
    // A concept shared by many passages says less than a rare word: weigh by the rarer of the two.
    let weight = idf(word.stem);
    for (const concept of word.concepts) weight = Math.max(weight, idf(CONCEPT_PREFIX + concept)); // no array per word and passage (#20)
    total += weight;
    found += weight * wordMatch(word, passageTerms);
  }
  return total === 0 ? 0 : found / total;
}
