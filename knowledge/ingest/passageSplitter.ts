import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Lang } from '../../locales/lang.js';
import type { SourceDocument } from './sourceDocument.js';
import { atxHeading } from './markdownHeading.js';

/** What every passage carries besides its text; stored in the index's docstore. */
export interface PassageMetadata {
  /** `${source}#${position}`: unique and stable while the file is unchanged. */
  id: string;
  docId: string;
  source: string;
  title: string;
  lang: Lang;
  /** Heading path below the document title, outermost first. */
  headings: string[];
  position: number;
}

export type Passage = Document<PassageMetadata>;

export interface PassageSplitterOptions {
  /** Passages grow paragraph by paragraph up to about this many characters. */
  maxChars?: number;
  /** A section tail shorter than this joins the passage before it. */
  minChars?: number;
}

type Block = { kind: 'heading'; level: number; text: string } | { kind: 'para'; lines: string[] };

const SHORT_LINE = 60;

/**
 * Splits a document into passages along its structure: never across a heading, paragraph by
 * paragraph, and never between a lead-in line ("contact our head office:") and what it introduces.
 * Plain text (pasted from a web page, PDF) gets its headings guessed from short title-like lines.
 */
export class PassageSplitter {
  private readonly maxChars: number;
  private readonly minChars: number;
  private readonly fallback: RecursiveCharacterTextSplitter;

  constructor(options: PassageSplitterOptions = {}) {
    this.maxChars = options.maxChars ?? 1000;
    this.minChars = options.minChars ?? 250;
    this.fallback = new RecursiveCharacterTextSplitter({
      chunkSize: this.maxChars,
      chunkOverlap: Math.round(this.maxChars / 8),
      separators: ['\n', '. ', '; ', ', ', ' ', ''],
    });
  }

  async split(doc: SourceDocument): Promise<Passage[]> {
    const blocks = mergeLeadIns(doc.structure === 'plain' ? guessHeadings(parseBlocks(doc.text)) : parseBlocks(doc.text));
    const passages: Passage[] = [];
    const path: { level: number; text: string }[] = [];
    let section: string[] = [];

    const emitSection = async () => {
      if (section.length === 0) return;
      const headings = path.filter((h) => !(h.level === 1 && sameText(h.text, doc.title))).map((h) => h.text);
      for (const text of await this.pack(section)) {
        const position = passages.length;
        passages.push(
          new Document<PassageMetadata>({
            pageContent: text,
            metadata: { id: `${doc.source}#${position}`, docId: doc.docId, source: doc.source, title: doc.title, lang: doc.lang, headings, position },
          }),
        );
      }
      section = [];
    };

    for (const block of blocks) {
      if (block.kind === 'heading') {
        await emitSection();
        while (path.length > 0 && path[path.length - 1]!.level >= block.level) path.pop();
        path.push({ level: block.level, text: block.text });
      } else {
        section.push(block.lines.join('\n'));
      }
    }
    await emitSection();
    return passages;
  }

  /** Packs a section's paragraphs into passages of at most maxChars (longer paragraphs are cut). */
  private async pack(paragraphs: string[]): Promise<string[]> {
    const pieces: string[] = [];
    for (const paragraph of paragraphs) {
      if (paragraph.length <= this.maxChars) pieces.push(paragraph);
      else pieces.push(...(await this.fallback.splitText(paragraph)));
    }
    const out: string[] = [];
    let current = '';
    for (const piece of pieces) {
      if (current && current.length + piece.length + 2 > this.maxChars) {
        out.push(current);
        current = piece;
      } else {
        current = current ? `${current}\n\n${piece}` : piece;
      }
    }
    if (current) {
      const last = out[out.length - 1];
      if (last !== undefined && current.length < this.minChars && last.length + current.length + 2 <= this.maxChars * 1.3) {
        out[out.length - 1] = `${last}\n\n${current}`;
      } else {
        out.push(current);
      }
    }
    return out;
  }
}

function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function parseBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').replace(/\t/g, ' ').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length) blocks.push({ kind: 'para', lines: para });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    const atx = atxHeading(line);
    if (atx) {
      endPara();
      blocks.push({ kind: 'heading', ...atx });
      continue;
    }
    const next = lines[i + 1]?.trim() ?? '';
    if (para.length === 0 && line.trim() && /^(=+|-{3,})$/.test(next)) {
      blocks.push({ kind: 'heading', level: next.startsWith('=') ? 1 : 2, text: line.trim() });
      i++;
      continue;
    }
    if (!line.trim()) endPara();
    else para.push(line.trim());
  }
  endPara();
  return blocks;
}

/**
 * A line shaped like a title: starts with a capital or a number, no closing punctuation, no
 * contact details. Real section titles run long ("Poskytujeme efektivní likvidaci škodných
 * událostí, vymáhání pohledávek a služby pro odškodnění" is 95 characters): up to 120
 * characters and 16 words, and only where the layout confirms it (see guessHeadings).
 */
function looksLikeHeading(line: string): boolean {
  const words = line.split(/\s+/).length;
  return (
    line.length >= 3 &&
    line.length <= 120 &&
    words <= 16 &&
    !/[.,;:!?…]$/.test(line) &&
    !/^[-*•–]\s/.test(line) &&
    /^[\p{Lu}\p{N}]/u.test(line) &&
    !/[@]|\d{3}\s?\d{3,}/.test(line)
  );
}

const isShortGroup = (b: Block | undefined): b is Extract<Block, { kind: 'para' }> =>
  b?.kind === 'para' && b.lines.every((l) => l.length <= SHORT_LINE && !/[.!?]$/.test(l));

const endsWithColon = (b: Block | undefined) => b?.kind === 'para' && /:$/.test(b.lines[b.lines.length - 1]!);

/**
 * In plain text, a lone short title-like line followed by a real paragraph is a heading.
 * The first such line is the document title (level 1), the rest sections (level 2).
 */
function guessHeadings(blocks: Block[]): Block[] {
  // A title-like first line glued to prose below it ("Branches\nContact details of…") is a heading too.
  const expanded: Block[] = [];
  for (const block of blocks) {
    const [first, ...rest] = block.kind === 'para' ? block.lines : [];
    const restIsProse = rest.some((l) => l.length > SHORT_LINE || /[.!?]$/.test(l));
    if (block.kind === 'para' && first && looksLikeHeading(first) && restIsProse) {
      expanded.push({ kind: 'para', lines: [first] }, { kind: 'para', lines: rest });
    } else {
      expanded.push(block);
    }
  }
  // Decided from the end: a title-like line is a heading when prose or another heading follows.
  const heading: boolean[] = new Array(expanded.length).fill(false);
  for (let i = expanded.length - 1; i >= 0; i--) {
    const block = expanded[i]!;
    const next = expanded[i + 1];
    heading[i] =
      block.kind === 'para' &&
      block.lines.length === 1 &&
      looksLikeHeading(block.lines[0]!) &&
      !endsWithColon(expanded[i - 1]) &&
      next?.kind === 'para' &&
      (heading[i + 1]! || !isShortGroup(next));
  }
  let sawTitle = false;
  return expanded.map((block, i) => {
    if (!heading[i] || block.kind !== 'para') return block;
    const level = sawTitle ? 2 : 1;
    sawTitle = true;
    return { kind: 'heading', level, text: block.lines[0]! };
  });
}

/** Keeps a lead-in line with what it introduces, and runs of short lines (an address) together. */
function mergeLeadIns(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const prev = out[out.length - 1];
    if (block.kind === 'para' && prev?.kind === 'para') {
      const leadIn = endsWithColon(prev);
      // Short lines following a lead-in, or a short line after a run of short lines that itself
      // followed a lead-in, belong to the same statement.
      const continuesShortRun = isShortGroup(block) && (prev.lines.length > 1 || isShortGroup(prev)) && prev.lines.some((l) => /:$/.test(l));
      if (leadIn || continuesShortRun) {
        prev.lines.push(...block.lines);
        continue;
      }
    }
    out.push(block.kind === 'para' ? { kind: 'para', lines: [...block.lines] } : block);
  }
  return out;
}
