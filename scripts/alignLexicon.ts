/**
 * npm run lexicon:align — builds knowledge/lexicon/aligned.json, an English ↔ Czech word table
 * learnt from the project's parallel texts, not written by hand: the bundled documents
 * (knowledge/documents/cs and /en with the same file name), aligned passage by passage (sentence
 * by sentence where both have as many sentences), and the bot's message catalogues (locales/cs
 * and en, key by key). A pair of words is kept when they occur in
 * the same aligned units far more often than apart (Dice coefficient, both directions each
 * other's best match). The output is deterministic: the same documents give the same file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocument } from '../knowledge/ingest/loaders.js';
import { PassageSplitter } from '../knowledge/ingest/passageSplitter.js';
import { sentenceUnits } from '../knowledge/answering/extractive.js';
import { TextAnalyzer } from '../knowledge/text/analyzer.js';
import { TRANSLATION_KEY } from '../knowledge/retrieval/evidence.js';
import { loadLexicon } from '../knowledge/text/lexicon.js';
import { wordTokens } from '../knowledge/text/fold.js';
import type { Lang } from '../locales/lang.js';
import { chatCatalogues } from '../locales/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docsDir = path.join(root, 'knowledge', 'documents');
const outFile = path.join(root, 'knowledge', 'lexicon', 'aligned.json');

/** Least number of aligned units a pair must share, and least Dice coefficient. */
const MIN_SHARED = 3;
const MIN_DICE = 0.35;
/** Czech stems are counted by their first letters, as the evidence check then finds translations. */
const CZECH_KEY = TRANSLATION_KEY;

// The hand-written concepts stay out: the table only adds what they do not already bridge.
const loaded = loadLexicon();
// Learnt groups of an earlier run never feed the next one.
const lexicon = { ...loaded, aligned: [], concepts: loaded.concepts.filter((c) => !c.id.startsWith('al_')) };
const analyzer = new TextAnalyzer({ ...lexicon, concepts: [] });
const splitter = new PassageSplitter();

type Unit = { cs: Map<string, string>; en: Map<string, string> };

/** Content stems of a text, each with the first surface form it was seen in. */
function stems(text: string, lang: Lang): Map<string, string> {
  const out = new Map<string, string>();
  for (const token of wordTokens(text)) {
    if (/\p{N}/u.test(token) || token.length < 3) continue;
    const stem = analyzer.stemWord(token, lang);
    // Czech inflects and derives where English does not (poskytneme, poskytujeme, poskytnutí):
    // its forms are counted together by their first letters, as the evidence check matches them.
    const key = stem && lang === 'cs' ? stem.slice(0, CZECH_KEY) : stem;
    if (key && !out.has(key)) out.set(key, token);
  }
  return out;
}

async function passagesOf(lang: Lang, file: string): Promise<string[]> {
  const source = `${lang}/${file}`;
  const doc = await loadDocument(source, fs.readFileSync(path.join(docsDir, source)));
  return (await splitter.split(doc)).map((p) => [...p.metadata.headings, p.pageContent].join('\n'));
}

const units: Unit[] = [];
const files = fs.readdirSync(path.join(docsDir, 'en')).filter((f) => f.endsWith('.md') && fs.existsSync(path.join(docsDir, 'cs', f))).sort();
for (const file of files) {
  const [cs, en] = [await passagesOf('cs', file), await passagesOf('en', file)];
  if (cs.length !== en.length) continue; // translations that differ in structure are not aligned
  cs.forEach((csPassage, i) => {
    const enPassage = en[i]!;
    const csSentences = sentenceUnits(csPassage, 'cs');
    const enSentences = sentenceUnits(enPassage, 'en');
    if (csSentences.length === enSentences.length) {
      csSentences.forEach((s, j) => units.push({ cs: stems(s, 'cs'), en: stems(enSentences[j]!, 'en') }));
    } else {
      units.push({ cs: stems(csPassage, 'cs'), en: stems(enPassage, 'en') });
    }
  });
}

// The bot's own message catalogues are a second parallel text: the same key says the same thing
// in both languages (claims, policies, contacts, portals), one message or sentence a unit.
// Placeholders ({days}, {source, select, …}) are not words of either language.
function withoutPlaceholders(message: string): string {
  let text = message;
  for (let previous = ''; previous !== text; ) [previous, text] = [text, text.replace(/\{[^{}]*\}/g, ' ')];
  return text;
}
let catalogueUnits = 0;
for (const key of Object.keys(chatCatalogues.en).sort() as (keyof typeof chatCatalogues.en)[]) {
  const [cs, en] = [withoutPlaceholders(chatCatalogues.cs[key]), withoutPlaceholders(chatCatalogues.en[key])];
  const csSentences = sentenceUnits(cs, 'cs');
  const enSentences = sentenceUnits(en, 'en');
  const pairs: [string, string][] = csSentences.length === enSentences.length ? csSentences.map((c, j) => [c, enSentences[j]!]) : [[cs, en]];
  for (const [c, e] of pairs) units.push({ cs: stems(c, 'cs'), en: stems(e, 'en') });
  catalogueUnits += pairs.length;
}

const count = { cs: new Map<string, number>(), en: new Map<string, number>() };
const pairs = new Map<string, number>();
const surface = { cs: new Map<string, string>(), en: new Map<string, string>() };
for (const unit of units) {
  for (const lang of ['cs', 'en'] as const) {
    for (const [stem, form] of unit[lang]) {
      count[lang].set(stem, (count[lang].get(stem) ?? 0) + 1);
      if (!surface[lang].has(stem)) surface[lang].set(stem, form);
    }
  }
  for (const e of unit.en.keys()) for (const c of unit.cs.keys()) pairs.set(`${e} ${c}`, (pairs.get(`${e} ${c}`) ?? 0) + 1);
}

const dice = (e: string, c: string) => (2 * (pairs.get(`${e} ${c}`) ?? 0)) / (count.en.get(e)! + count.cs.get(c)!);
const bestCs = new Map<string, { c: string; d: number }>();
const bestEn = new Map<string, { e: string; d: number }>();
for (const [key, shared] of pairs) {
  if (shared < MIN_SHARED) continue;
  const [e, c] = key.split(' ') as [string, string];
  const d = dice(e, c);
  // Ties go to the alphabetically first word, so the output does not depend on iteration order.
  const be = bestCs.get(e);
  if (!be || d > be.d || (d === be.d && c < be.c)) bestCs.set(e, { c, d });
  const bc = bestEn.get(c);
  if (!bc || d > bc.d || (d === bc.d && e < bc.e)) bestEn.set(c, { e, d });
}

// A word the hand-written concepts already bridge keeps its group: the table fills gaps only.
const withConcepts = new TextAnalyzer(lexicon);
const bridged = (form: string, lang: Lang) => withConcepts.analyze(form, lang).some((w) => w.concepts.length > 0);
const concepts: { id: string; cs: string[]; en: string[] }[] = [];
for (const [e, { c, d }] of [...bestCs].sort(([a], [b]) => a.localeCompare(b))) {
  if (d < MIN_DICE || bestEn.get(c)?.e !== e) continue;
  if (bridged(surface.en.get(e)!, 'en') || bridged(surface.cs.get(c)!, 'cs')) continue;
  const id = `al_${e.replace(/[^a-z]/g, '')}`;
  if (id === 'al_' || concepts.some((x) => x.id === id)) continue;
  concepts.push({ id, cs: [surface.cs.get(c)!], en: [surface.en.get(e)!] });
}

fs.writeFileSync(outFile, `${JSON.stringify({ generatedBy: 'npm run lexicon:align', units: units.length, concepts }, null, 1)}\n`);
console.log(`${concepts.length} aligned word pairs from ${units.length} aligned units (${files.length} documents, ${catalogueUnits} from the message catalogues) → ${path.relative(root, outFile)}`);
