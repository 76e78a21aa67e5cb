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
    const stepLimit = this.maxChars * 2;
    for (const paragraph of joinSteps(paragraphs, stepLimit)) {
      if (paragraph.length <= this.maxChars || (STEP.test(paragraph) && paragraph.length <= stepLimit)) pieces.push(paragraph);
      else pieces.push(...(await this.fallback.splitText(paragraph)));
    }
    const out: string[] = [];
    let current = '';
    for (const piece of pieces) {
      // A list of steps may stretch its passage, so that the steps stay with their introduction.
      const limit = STEP.test(piece) ? stepLimit : this.maxChars;
      if (current && current.length + piece.length + 2 > limit) {
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

const STEP = /^\d{1,2}[.)]\s/;

/**
 * The numbered steps of a procedure, one paragraph each in pasted text, stay in one passage (up
 * to `limit` characters): a how-to question is answered by the steps, not by half of them.
 */
function joinSteps(paragraphs: string[], limit: number): string[] {
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    const last = out[out.length - 1];
    const lastLine = last?.split('\n').at(-1) ?? '';
    if (last !== undefined && STEP.test(paragraph) && STEP.test(lastLine) && last.length + paragraph.length + 2 <= limit) {
      out[out.length - 1] = `${last}\n${paragraph}`;
    } else {
      out.push(paragraph);
    }
  }
  return out;
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
 * characters and 16 words, and only where the layout confirms it (see guessHeadings). A
 * question ("How is the premium calculated?") is a title in a FAQ page: `questions` allows it.
 */
function looksLikeHeading(line: string, questions = false): boolean {
  const words = line.split(/\s+/).length;
  return (
    line.length >= 3 &&
    line.length <= 120 &&
    words <= 16 &&
    (!/[.,;:!?…]$/.test(line) || (questions && /[^?]\?$/.test(line))) &&
    !/^[-*•–]\s/.test(line) &&
    /^[\p{Lu}\p{N}]/u.test(line) &&
    !/[@]|\d{3}\s?\d{3,}/.test(line)
  );
}

/** "4.1. The Start Cover limit": a numbered title; its depth gives the heading level. */
function numberingDepth(line: string): number {
  const match = /^(\d{1,3}(?:\.\d{1,3}){0,4})\.?\s/.exec(line);
  return match ? match[1]!.split('.').length : 0;
}

/** A line of prose, or a "Label: value" field (Phone: …, E-mail: …) that a title introduces. */
const isProseLine = (l: string) => l.length > SHORT_LINE || /[.!?]$/.test(l) || /^\p{L}[\p{L} .-]{0,30}:\s\S/u.test(l);

const isShortGroup = (b: Block | undefined): b is Extract<Block, { kind: 'para' }> =>
  b?.kind === 'para' && b.lines.every((l) => l.length <= SHORT_LINE && !/[.!?]$/.test(l));

const endsWithColon = (b: Block | undefined) => b?.kind === 'para' && /:$/.test(b.lines[b.lines.length - 1]!);

/**
 * In plain text, a lone short title-like line followed by a real paragraph is a heading.
 * The first such line is the document title (level 1), the rest sections (level 2, deeper for
 * numbered titles: "4." is 2, "4.1." is 3).
 */
function guessHeadings(blocks: Block[]): Block[] {
  // A title-like first line glued to prose below it ("Branches\nContact details of…") is a heading too.
  const expanded: Block[] = [];
  for (const block of blocks) {
    const [first, ...rest] = block.kind === 'para' ? block.lines : [];
    if (block.kind === 'para' && first && looksLikeHeading(first, true) && rest.some(isProseLine) && !/:$/.test(first)) {
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
    const line = block.kind === 'para' && block.lines.length === 1 ? block.lines[0]! : undefined;
    // A question is a title only when its answer, a paragraph of prose, follows (a FAQ).
    const question = line !== undefined && /\?$/.test(line);
    heading[i] =
      line !== undefined &&
      looksLikeHeading(line, true) &&
      !endsWithColon(expanded[i - 1]) &&
      next?.kind === 'para' &&
      (question ? next.lines.some(isProseLine) : heading[i + 1]! || !isShortGroup(next) || next.lines.some(isProseLine));
  }
  // Only the document's first line can be its title (level 1); other titles are sections (2), and a
  // numbered one nests under the shallower numbered title before it ("4.1." under "4.").
  let base = 0;
  return expanded.map((block, i) => {
    if (!heading[i] || block.kind !== 'para') return block;
    const text = block.lines[0]!;
    const depth = numberingDepth(text);
    if (depth > 0 && (base === 0 || depth < base)) base = depth;
    const level = i === 0 && depth === 0 ? 1 : depth > 0 ? 2 + depth - base : 2;
    return { kind: 'heading', level, text };
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
