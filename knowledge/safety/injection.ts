import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { foldDiacritics } from '../text/fold.js';
import { trimEndChars } from '../../platform/text/trimChars.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'lexicon', 'injection-patterns.json');
const lexicon = z
  .object({ patterns: z.array(z.string()), overrideVerbs: z.array(z.string()), instructionNouns: z.array(z.string()), window: z.number().int().positive() })
  .parse(JSON.parse(fs.readFileSync(file, 'utf8')));
const patterns = lexicon.patterns.map((p) => new RegExp(p, 'i'));

/** Zero-width characters, bidi controls and the soft hyphen: invisible, and able to split a word past a check. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * The text every safety check reads: NFKC (full-width and compatibility forms become plain
 * letters: "ｉｇｎｏｒｅ" is "ignore"), invisible characters removed.
 */
export function normalizeForChecks(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

/** An override verb followed, within a few words, by a word for instructions ("ignore the instructions above"). */
function overridesInstructions(folded: string): boolean {
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    if (!lexicon.overrideVerbs.some((stem) => words[i]!.startsWith(stem))) continue;
    for (let j = i + 1; j <= i + lexicon.window && j < words.length; j++) {
      if (lexicon.instructionNouns.some((stem) => words[j]!.startsWith(stem))) return true;
    }
  }
  return false;
}

/**
 * Text that gives orders to an assistant ("ignore previous instructions", "ignoruj předchozí
 * pokyny", "reveal your system prompt"). Knowledge for clients never does that, so such a passage
 * is treated as planted and kept away from answers.
 */
export function looksLikeInjection(text: string): boolean {
  const folded = foldDiacritics(normalizeForChecks(text)).replace(/\s+/g, ' ');
  return patterns.some((re) => re.test(folded)) || overridesInstructions(folded);
}

/** Contact-like details: e-mails, phone numbers, IBANs. */
const CONTACT = /(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b|\+?\d[\d ()-]{7,24}\d/g;
/**
 * Anything a client could follow: a URL with any scheme or none ("HTTPS://", "//host"),
 * "www.", a markdown link or image target, an HTML tag that links or loads (<a>, <img>…).
 */
const LINK = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s)\]>"']+|(?<![:\w/])\/\/[^\s)\]>"']+|(?<![\w.])www\.[^\s)\]>"']+|(?<![\w:])(?:javascript|data|vbscript|mailto|tel):[^\s)\]>"']+|!?\[[^[\]]*\]\([^()]*\)|<\s*(?:a|img|iframe|script|link|form|object|embed)\b[^<>]*>/gi;

function normalise(text: string): string {
  return foldDiacritics(text).replace(/[^\p{L}\p{N}@.+:/]+/gu, ' ').trim();
}

/**
 * Checks a model's answer against what it was given: no stretch of the system prompt (a leak),
 * and no contact detail (e-mail, phone, URL, IBAN) that is not in the passages (an invented or
 * injected one). Returns the reason it fails, or undefined when it passes.
 */
export function unsafeAnswer(answer: string, passages: string[], systemPrompt: string): string | undefined {
  const words = normalise(systemPrompt).split(' ');
  const haystack = ` ${normalise(normalizeForChecks(answer))} `;
  for (let i = 0; i + 8 <= words.length; i++) {
    if (haystack.includes(` ${words.slice(i, i + 8).join(' ')} `)) return 'repeats the system prompt';
  }
  const visible = normalizeForChecks(answer);
  const given = normalizeForChecks(passages.join('\n')).replace(/\s+/g, '');
  const givenLower = given.toLowerCase();
  for (const contact of visible.match(CONTACT) ?? []) {
    if (!given.includes(trimEndChars(contact.replace(/\s+/g, ''), '.,;)'))) return `contact detail not in the passages: ${contact}`;
  }
  for (const link of visible.match(LINK) ?? []) {
    if (!givenLower.includes(trimEndChars(link.replace(/\s+/g, ''), '.,;)').toLowerCase())) return `link not in the passages: ${link}`;
  }
  if (looksLikeInjection(visible)) return 'contains instructions';
  return undefined;
}
