import type { AnalyzedWord, TextAnalyzer } from '../text/analyzer.js';
import type { Lang } from '../../locales/lang.js';
import { wordMatch } from '../retrieval/evidence.js';

export interface ExtractOptions {
  maxSentences?: number;
  maxChars?: number;
}

interface Unit {
  text: string;
  line: number;
  isListItem: boolean;
  isLeadIn: boolean;
}

const segmenters: Partial<Record<Lang, Intl.Segmenter>> = {};
function segmenter(lang: Lang): Intl.Segmenter {
  return (segmenters[lang] ??= new Intl.Segmenter(lang, { granularity: 'sentence' }));
}

/** The sentences (and list items) of a passage, in order: what an answer is made of. */
export function sentenceUnits(passage: string, lang: Lang): string[] {
  return units(passage, lang).map((u) => u.text);
}

/** Lines, then sentences within prose lines; list items stay whole. */
function units(passage: string, lang: Lang): Unit[] {
  const out: Unit[] = [];
  passage.split('\n').forEach((raw, line) => {
    const text = raw.trim();
    if (!text) return;
    if (/^([-*•–]|\d+[.)])\s+/.test(text)) {
      out.push({ text, line, isListItem: true, isLeadIn: false });
      return;
    }
    for (const { segment } of segmenter(lang).segment(text)) {
      const sentence = segment.trim();
      if (sentence) out.push({ text: sentence, line, isListItem: false, isLeadIn: /:$/.test(sentence) });
    }
  });
  return out;
}

const MAX_BLOCK_LINES = 8;

/**
 * The next line of a block: short and not prose — a line of an address or a contact block
 * ("Example Insurance N.V.", "Tel.: +31 …"). The block may start after one blank line below its
 * lead-in (as pasted from web pages); within it, a blank line ends it.
 */
function isBlockLine(unit: Unit, previous: Unit, first: boolean): boolean {
  const gap = unit.line - previous.line;
  const notProse = !/[.!?]$/.test(unit.text) || unit.text.split(/\s+/).length <= 4;
  return !unit.isListItem && gap >= 1 && gap <= (first ? 2 : 1) && unit.text.length <= 80 && notProse;
}

/**
 * Picks the sentences of a passage that answer the question: the best-covering sentence, and
 * the others that cover nearly as much, in their original order. A lead-in sentence brings the
 * list it introduces; a selected list item brings its lead-in.
 */
export function extractAnswer(
  passage: string,
  words: AnalyzedWord[],
  lang: Lang,
  analyzer: TextAnalyzer,
  idf: (term: string) => number,
  options: ExtractOptions = {},
): string {
  const maxSentences = options.maxSentences ?? 3;
  const maxChars = options.maxChars ?? 700;
  if (passage.length <= maxChars * 0.6) return passage.trim();

  const list = units(passage, lang);
  const scores = list.map((unit, i) => {
    const terms = new Set(analyzer.terms(unit.text, lang));
    let score = 0;
    const seen = new Set<string>();
    for (const word of words) {
      if (seen.has(word.stem)) continue;
      seen.add(word.stem);
      score += idf(word.stem) * wordMatch(word, terms);
    }
    // Earlier sentences usually state the point; later ones qualify it.
    return score * (1 - Math.min(i, 10) * 0.01);
  });
  const best = Math.max(...scores);
  const ranked = list.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const chosen = new Set<number>();
  let length = 0;
  for (const i of ranked) {
    if (chosen.size >= maxSentences) break;
    if (chosen.size > 0 && scores[i]! < best * 0.5) break;
    if (length + list[i]!.text.length > maxChars && chosen.size > 0) continue;
    chosen.add(i);
    length += list[i]!.text.length;
  }
  if (chosen.size === 0) chosen.add(0);

  // Keep lead-ins and what they introduce together: a list, or a block of short lines (an
  // address, a phone number) — "…kontaktovat naši centrálu:" alone answers nothing.
  for (const i of [...chosen]) {
    if (list[i]!.isLeadIn) {
      for (let j = i + 1; j < list.length && list[j]!.isListItem; j++) chosen.add(j);
      for (let j = i + 1, taken = 0; j < list.length && taken < MAX_BLOCK_LINES && isBlockLine(list[j]!, list[j - 1]!, taken === 0); j++, taken++) chosen.add(j);
    }
    if (list[i]!.isListItem) {
      let j = i - 1;
      while (j >= 0 && list[j]!.isListItem) j--;
      if (j >= 0 && list[j]!.isLeadIn) chosen.add(j);
    }
  }

  const picked = [...chosen].sort((a, b) => a - b).map((i) => list[i]!);
  let text = '';
  picked.forEach((unit, k) => {
    const prev = picked[k - 1];
    if (!prev) text = unit.text;
    else text += unit.line === prev.line ? ` ${unit.text}` : `\n${unit.text}`;
  });
  return text;
}
