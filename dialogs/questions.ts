import { foldDiacritics } from '../knowledge/text/fold.js';

/** Words that open a question in Czech or English (compared folded, at the start of the text, after at most one conjunction or preposition: "do kdy", "a jak", "and how"). */
const QUESTION_START = /^((a|ale|tak|do|od|za|na|po|pro|and|but|so|by|until)\s+)?(jak|co|kdy|kde|proc|kdo|jaky|jaka|jake|kolik|muzu|mohu|lze|how|what|when|where|why|who|which|can i|do i|should i|is there|is it|are there|does|do you|will you)\b/;

/**
 * The one place that decides "this is a question, not an answer". `marked`: it ends with a
 * question mark; `worded`: it opens with a question word but has no mark. Callers weigh them:
 * a form takes a marked question as one at once, a worded one only after it failed as an answer.
 */
export function questionSignal(text: string): 'marked' | 'worded' | undefined {
  const trimmed = text.trim();
  if (/\?$/.test(trimmed)) return 'marked';
  return QUESTION_START.test(foldDiacritics(trimmed)) ? 'worded' : undefined;
}

/** Form steps whose answer is a free description, where a question mark proves nothing. */
export function expectsFreeText(fieldKey: string | undefined): boolean {
  return fieldKey === 'collectionSteps' || fieldKey === 'causeDetail';
}

/** Words of at least this many make a question word open a sentence, not a name ("Jak s.r.o."). */
const SENTENCE_WORDS = 4;

/**
 * A question clear enough to take as one before the text is tried as an answer: it ends with a
 * question mark, or a question word opens a whole sentence ("how long do I have to report an
 * overdue invoice" is no buyer's name, with or without the mark).
 */
export function isClearQuestion(text: string): boolean {
  const signal = questionSignal(text);
  if (signal === 'marked') return true;
  return signal === 'worded' && text.trim().split(/\s+/).length >= SENTENCE_WORDS;
}

/**
 * Mid-form: is this message a question to answer before asking the step again? `clear`: taken
 * before the answer is tried (isClearQuestion); `any`: also a short worded one, once it failed
 * as an answer.
 */
export function isQuestionInForm(text: string, fieldKey: string | undefined, accept: 'clear' | 'any'): boolean {
  if (expectsFreeText(fieldKey)) return false;
  return accept === 'any' ? questionSignal(text) !== undefined : isClearQuestion(text);
}
