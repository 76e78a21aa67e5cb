import fs from 'node:fs';
import path from 'node:path';

/**
 * Deterministic synthetic knowledge bases of any size, made from the real documents: sentences
 * of real passages recombined by a seeded PRNG, with numbers and names varied so that no two
 * passages are the same. The vocabulary, languages and passage lengths stay those of the
 * product's own documents, which is what the index's speed and size depend on.
 */

type Lang = 'cs' | 'en';

interface SourcePool {
  titles: string[];
  headings: string[];
  sentences: string[];
}

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same corpus everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const COMPANIES = ['Novák Trading', 'Brněnská strojírna', 'Moravia Foods', 'Elbe Logistics', 'Vltava Textil', 'Krkonoše Glass', 'Ostrava Steelworks', 'Danube Paper', 'Šumava Timber', 'Plzeň Components', 'Hanák Agro', 'Beskydy Plast'];
const LEGAL_FORMS = ['s.r.o.', 'a.s.', 'GmbH', 'Ltd', 'B.V.', 'k.s.'];
const CITIES = ['Praha', 'Brno', 'Ostrava', 'Plzeň', 'Liberec', 'Olomouc', 'Wien', 'Bratislava', 'Dresden', 'Katowice', 'Amsterdam', 'Linz'];

/** A leading sentence that makes each passage unique: a case with its own buyer, place and amount. */
function caseSentence(lang: Lang, random: () => number, n: number): string {
  const company = `${pick(random, COMPANIES)} ${pick(random, LEGAL_FORMS)}`;
  const city = pick(random, CITIES);
  const amount = Math.round(10_000 + random() * 9_990_000).toLocaleString('en-US');
  const policy = String(10_000_000 + Math.floor(random() * 89_999_999));
  return lang === 'cs'
    ? `Případ ${n}: odběratel ${company}, ${city}, pojistná smlouva ${policy}, dlužná částka ${amount} Kč.`
    : `Case ${n}: buyer ${company}, ${city}, policy ${policy}, outstanding amount EUR ${amount}.`;
}

/** Replaces each run of digits with random digits of the same length (dates, amounts, phone numbers). */
function varyNumbers(sentence: string, random: () => number): string {
  return sentence.replace(/\d+/g, (digits) => Array.from(digits, () => String(Math.floor(random() * 10))).join(''));
}

/** Titles, headings and sentences of the real documents of one language. */
function readPool(documentsDir: string, lang: Lang): SourcePool {
  const pool: SourcePool = { titles: [], headings: [], sentences: [] };
  const dir = path.join(documentsDir, lang);
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const body = fs.readFileSync(path.join(dir, file), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    for (const line of body.split('\n')) {
      const heading = /^(#{1,6})\s+(.+)$/.exec(line.trim());
      if (heading) (heading[1] === '#' ? pool.titles : pool.headings).push(heading[2]!);
      else if (line.trim()) pool.sentences.push(...splitSentences(line.trim().replace(/^[-*]\s+/, '')));
    }
  }
  return pool;
}

function splitSentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?;:])\s+(?=\p{Lu}|\d)/u).filter((s) => s.length >= 20);
}

export interface SyntheticCorpusOptions {
  /** Where the real documents are (knowledge/documents, with cs/ and en/ folders). */
  documentsDir: string;
  /** Folder to write the synthetic .md files into (created). */
  outputDir: string;
  /** Passages to produce; one per section, so files × sectionsPerFile. */
  passages: number;
  sectionsPerFile?: number;
  seed?: number;
}

/** Longest paragraph written: the splitter's default passage is 1,000 characters. */
const MAX_PARAGRAPH_CHARS = 900;

/**
 * Writes the corpus; returns the number of files. Every section is one paragraph shorter than a
 * passage, so the splitter makes exactly one passage of it.
 */
export function writeSyntheticCorpus(options: SyntheticCorpusOptions): { files: number; passages: number } {
  const random = seededRandom(options.seed ?? 42);
  const perFile = options.sectionsPerFile ?? 20;
  const pools: Record<Lang, SourcePool> = { cs: readPool(options.documentsDir, 'cs'), en: readPool(options.documentsDir, 'en') };
  fs.mkdirSync(options.outputDir, { recursive: true });

  let written = 0;
  let files = 0;
  while (written < options.passages) {
    const lang: Lang = files % 2 === 0 ? 'cs' : 'en';
    const pool = pools[lang];
    const sections = Math.min(perFile, options.passages - written);
    const title = `${pick(random, pool.titles)} (${files + 1})`;
    const lines = ['---', `id: synthetic-${files + 1}`, `lang: ${lang}`, `title: ${title}`, '---', `# ${title}`, ''];
    for (let s = 0; s < sections; s++) {
      let paragraph = caseSentence(lang, random, written + s + 1);
      // Three to six sentences, within the passage length.
      const wanted = 3 + Math.floor(random() * 4);
      for (let k = 0; k < wanted; k++) {
        const sentence = varyNumbers(pick(random, pool.sentences), random);
        if (paragraph.length + sentence.length + 1 > MAX_PARAGRAPH_CHARS) break;
        paragraph += ` ${sentence}`;
      }
      lines.push(`## ${pick(random, pool.headings)} ${s + 1}`, '', paragraph, '');
    }
    // Folders of 500 files keep directory listings fast at 100k passages.
    const folder = path.join(options.outputDir, lang, `part-${String(Math.floor(files / 500)).padStart(3, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `synthetic-${String(files + 1).padStart(6, '0')}.md`), lines.join('\n'));
    written += sections;
    files++;
  }
  return { files, passages: written };
}
