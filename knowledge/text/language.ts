import { StopwordsCs } from '@nlpjs/lang-cs';
import { StopwordsEn } from '@nlpjs/lang-en';
import { foldDiacritics, wordTokens } from './fold.js';
import type { Lang } from '../../locales/lang.js';

// Letters that occur in Czech but never in English words.
const CZECH_LETTERS = /[ěščřžýáíéůúťďň]/u;

// Frequent Czech words as typed without diacritics, which the stopword list (with diacritics) misses.
const CZECH_FOLDED_HINTS = new Set([
  'jak', 'co', 'kdo', 'kde', 'kdy', 'proc', 'muzu', 'mohu', 'muzete', 'chci', 'potrebuji', 'mam', 'je', 'jsem',
  'se', 'si', 'na', 'od', 'ze', 've', 'mi', 'moje', 'vase', 'vas', 'nebo', 'ale', 'prosim',
  'dekuji', 'dobry', 'den', 'faktura', 'faktury', 'fakturu', 'skoda', 'skodu', 'limit', 'smlouva', 'smlouvy',
]);

// Frequent English words of this domain that the stopword list does not carry.
const ENGLISH_HINTS = new Set([
  'please', 'hello', 'hi', 'thanks', 'thank', 'help', 'claim', 'claims', 'invoice', 'invoices', 'policy', 'buyer',
  'report', 'want', 'need', 'talk', 'manager', 'office', 'address', 'phone', 'number', 'overdue', 'unpaid', 'appeal',
]);

// Words spelled the same in both languages say nothing about which one it is.
const AMBIGUOUS = new Set(['a', 'i', 'do', 'to', 'on', 'by', 'me', 'no', 'ten', 'pro', 'post']);

/**
 * Guesses whether a message is Czech or English from stopwords and Czech-only letters.
 * Short or ambiguous text falls back to the hint (the channel's locale or the conversation's
 * language so far), and finally to Czech, the language of most clients.
 */
/**
 * `answer`: the text answers a form's question (a name, an address, "Lucie Malá,
 * lucie@firma.cz"): data, not prose. Diacritics in a Czech name then say nothing about the
 * client's language; only function words of the other language (two at least) switch it.
 */
export function detectLanguage(text: string, hint?: Lang, options: { answer?: boolean } = {}): Lang {
  const tokens = wordTokens(text);
  if (tokens.length === 0) return hint ?? 'cs';
  if (options.answer && hint) return answerLanguage(tokens, hint);
  let cs = 0;
  let en = 0;
  let words = 0;
  for (const token of tokens) {
    if (AMBIGUOUS.has(token)) continue;
    if (CZECH_LETTERS.test(token)) cs += 2;
    if (csStopwords.isStopword(token) || CZECH_FOLDED_HINTS.has(foldDiacritics(token))) {
      cs += 1;
      words++;
    }
    if ((enStopwords.isStopword(token) || ENGLISH_HINTS.has(token)) && !CZECH_FOLDED_HINTS.has(token)) {
      en += 1;
      words++;
    }
  }
  // A short answer without any function word (a name like "Jan Novák", a city, an amount) says
  // nothing about the language the client writes in: the conversation keeps its language.
  if (hint && tokens.length <= 3 && words === 0) return hint;
  if (cs === en) return hint ?? 'cs';
  // One weak signal against a hint is not enough to switch language mid-conversation.
  if (hint && Math.abs(cs - en) < 2) return hint;
  return cs > en ? 'cs' : 'en';
}

const csStopwords = new StopwordsCs();
const enStopwords = new StopwordsEn();

function answerLanguage(tokens: readonly string[], hint: Lang): Lang {
  let cs = 0;
  let en = 0;
  for (const token of tokens) {
    if (AMBIGUOUS.has(token)) continue;
    if (csStopwords.isStopword(token) || CZECH_FOLDED_HINTS.has(foldDiacritics(token))) cs++;
    if ((enStopwords.isStopword(token) || ENGLISH_HINTS.has(token)) && !CZECH_FOLDED_HINTS.has(token)) en++;
  }
  const other = hint === 'cs' ? en - cs : cs - en;
  return other >= 2 ? (hint === 'cs' ? 'en' : 'cs') : hint;
}
