import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { foldDiacritics } from '../text/fold.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'lexicon', 'injection-patterns.json');
const patterns = z
  .object({ patterns: z.array(z.string()) })
  .parse(JSON.parse(fs.readFileSync(file, 'utf8')))
  .patterns.map((p) => new RegExp(p, 'i'));

/**
 * Text that gives orders to an assistant ("ignore previous instructions", "ignoruj předchozí
 * pokyny", "reveal your system prompt"). Knowledge for clients never does that, so such a passage
 * is treated as planted and kept away from answers.
 */
export function looksLikeInjection(text: string): boolean {
  const folded = foldDiacritics(text).replace(/\s+/g, ' ');
  return patterns.some((re) => re.test(folded));
}

/** Contact-like details: e-mails, phone numbers, URLs, IBANs. */
const CONTACT = /[\w.+-]+@[\w-]+\.[\w.]+|https?:\/\/\S+|www\.\S+|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b|\+?\d[\d ()-]{7,}\d/g;

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
  const haystack = ` ${normalise(answer)} `;
  for (let i = 0; i + 8 <= words.length; i++) {
    if (haystack.includes(` ${words.slice(i, i + 8).join(' ')} `)) return 'repeats the system prompt';
  }
  const given = passages.join('\n').replace(/\s+/g, '');
  for (const contact of answer.match(CONTACT) ?? []) {
    if (!given.includes(contact.replace(/\s+/g, '').replace(/[.,;)]+$/, ''))) return `contact detail not in the passages: ${contact}`;
  }
  if (looksLikeInjection(answer)) return 'contains instructions';
  return undefined;
}
