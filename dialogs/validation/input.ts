import { foldDiacritics } from '../../knowledge/text/fold.js';
import { accept, reject, type ValidationResult } from './reasons.js';

/** One answer to one question is short; anything longer is pasted text, not an answer. */
export const MAX_ANSWER_LENGTH = 500;

/**
 * Typed and pasted text carries no-break, narrow and thin spaces (Czech number formatting uses
 * them as thousands separators), so every kind of horizontal space becomes a plain space.
 */
const UNUSUAL_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]/g;
const INVISIBLE_CHARACTERS = /[\u200b-\u200d\u2060\ufeff]/g;

/** A lone surrogate (half of a broken emoji) is no character at all. */
const LONE_SURROGATES = /\p{Cs}/gu;

export function normalizeSpaces(text: string): string {
  return text.replace(LONE_SURROGATES, '').replace(INVISIBLE_CHARACTERS, '').replace(UNUSUAL_SPACES, ' ');
}

/** NFC first, so a letter typed as base + combining mark matches patterns written precomposed. */
export function tidyAnswer(text: string): string {
  return normalizeSpaces(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

/** Common guard of every validator: a non-empty, reasonably short answer, tidied. */
export function prepareAnswer(input: string, maxLength = MAX_ANSWER_LENGTH): ValidationResult<string> {
  if (input.length > maxLength * 4) return reject('input.tooLong', { max: maxLength });
  const tidy = tidyAnswer(input);
  if (tidy === '') return reject('input.empty');
  if (tidy.length > maxLength) return reject('input.tooLong', { max: maxLength });
  return accept(tidy);
}

/**
 * Lower-cases and strips diacritics one character at a time, keeping every index of the input
 * valid in the output: patterns run on the folded text, and the original spelling of what they
 * match (a company name) is cut out of the input at the same positions.
 */
export function foldKeepingLength(text: string): string {
  let folded = '';
  for (const character of text) {
    const candidate = foldDiacritics(character);
    if (candidate.length === character.length) folded += candidate;
    else {
      const lower = character.toLowerCase();
      folded += lower.length === character.length ? lower : character;
    }
  }
  return folded;
}
