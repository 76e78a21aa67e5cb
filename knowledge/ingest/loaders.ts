import path from 'node:path';
import { parse as parseHtml, type HTMLElement, NodeType, type Node } from 'node-html-parser';
import { detectLanguage } from '../text/language.js';
import { isLang, type Lang } from '../../locales/lang.js';
import type { SourceDocument } from './sourceDocument.js';
import { atxHeading } from './markdownHeading.js';
import { pageTitle, stripPageChrome } from './pageChrome.js';

export const SUPPORTED_EXTENSIONS = ['.md', '.txt', '.html', '.htm', '.pdf', '.docx'] as const;

export class UnreadableDocumentError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`${source}: ${reason}`);
    this.name = 'UnreadableDocumentError';
  }
}

/** Reads one knowledge file of any supported format into a SourceDocument. */
export async function loadDocument(source: string, content: Buffer): Promise<SourceDocument> {
  const ext = path.extname(source).toLowerCase();
  try {
    switch (ext) {
      case '.md':
        return fromMarkdown(source, decodeUtf8(source, content));
      case '.txt':
        return fromPlainText(source, decodeUtf8(source, content));
      case '.html':
      case '.htm':
        return fromHtml(source, decodeUtf8(source, content));
      case '.docx':
        return await fromDocx(source, content);
      case '.pdf':
        return await fromPdf(source, content);
      default:
        throw new UnreadableDocumentError(source, `unsupported file type "${ext}"`);
    }
  } catch (error) {
    if (error instanceof UnreadableDocumentError) throw error;
    throw new UnreadableDocumentError(source, error instanceof Error ? error.message : String(error));
  }
}

function decodeUtf8(source: string, content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    throw new UnreadableDocumentError(source, 'not valid UTF-8 text');
  }
}

function fileStem(source: string): string {
  return path.basename(source, path.extname(source));
}

function humanise(stem: string): string {
  const words = stem.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function requireText(source: string, text: string): string {
  if (!text.replace(/\s+/g, '')) throw new UnreadableDocumentError(source, 'no text in the document');
  return text;
}

function pickLang(declared: string | undefined, text: string): Lang {
  const normalised = declared?.slice(0, 2).toLowerCase();
  return isLang(normalised) ? normalised : detectLanguage(text);
}

/** Front matter is a `---` block of `key: value` lines; only flat strings are needed here. */
function splitFrontMatter(text: string): { meta: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { meta: {}, body: text };
  const meta: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*)\s*:(.*)$/.exec(line.trim());
    if (kv) meta[kv[1]!.toLowerCase()] = kv[2]!.trim().replace(/^["']|["']$/g, '');
  }
  return { meta, body: text.slice(match[0].length) };
}

export function fromMarkdown(source: string, raw: string): SourceDocument {
  const { meta, body } = splitFrontMatter(raw);
  const { text: content, meta: page } = stripPageChrome(requireText(source, body).replace(/\r\n?/g, '\n'));
  const text = requireText(source, content);
  const lines = text.split('\n');
  const h1 = lines.map(atxHeading).find((heading) => heading?.level === 1)?.text;
  // A page saved as .md without a single Markdown heading is plain text: its layout says where the sections are.
  const marked = lines.some((line, i) => atxHeading(line) || (/^(=+|-{3,})$/.test(line.trim()) && lines[i - 1]?.trim()));
  if (!marked && !meta.title) {
    const plain = fromPlainText(source, text);
    return { ...plain, lang: pickLang(meta.lang ?? meta.language, text), ...(meta.id ? { docId: meta.id } : {}), ...(page.url ? { url: page.url } : {}) };
  }
  return {
    source,
    docId: meta.id || fileStem(source),
    title: meta.title || h1 || humanise(fileStem(source)),
    lang: pickLang(meta.lang ?? meta.language, text),
    text,
    structure: marked ? 'markdown' : 'plain',
    ...(page.url ? { url: page.url } : {}),
  };
}

export function fromPlainText(source: string, raw: string): SourceDocument {
  const { text: content, meta: page } = stripPageChrome(raw.replace(/\r\n?/g, '\n'));
  let text = requireText(source, content);
  const firstLine = text.split('\n').find((l) => l.trim())?.trim() ?? '';
  const isTitle = firstLine.length <= 90 && !/[.:;,]$/.test(firstLine);
  // "Glossary | Credit Insurer Ltd": the page's title without the site's name, in the text too.
  const title = isTitle ? pageTitle(firstLine) : humanise(fileStem(source));
  if (isTitle && title !== firstLine) text = text.replace(firstLine, title);
  return { source, docId: fileStem(source), title, lang: detectLanguage(text), text, structure: 'plain', ...(page.url ? { url: page.url } : {}) };
}

const BLOCK_TAGS = new Set(['p', 'div', 'section', 'article', 'main', 'header', 'footer', 'blockquote', 'pre', 'tr', 'table', 'address', 'dd', 'dt', 'figcaption']);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'nav', 'svg', 'head', 'iframe']);

/** Renders HTML as Markdown-like text, keeping headings, paragraphs and list items apart. */
function htmlToText(root: HTMLElement): string {
  const out: string[] = [];
  let line = '';
  const flush = () => {
    if (line.trim()) out.push(line.replace(/[ \t]+/g, ' ').trim());
    line = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      line += node.text.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.tagName?.toLowerCase() ?? '';
    if (SKIP_TAGS.has(tag)) return;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      flush();
      out.push('', `${'#'.repeat(Number(heading[1]))} ${el.text.replace(/\s+/g, ' ').trim()}`, '');
      return;
    }
    if (tag === 'br') {
      flush();
      return;
    }
    if (tag === 'li') {
      flush();
      line = '- ';
      el.childNodes.forEach(walk);
      flush();
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) {
      flush();
      if (tag !== 'tr') out.push('');
    }
    if (tag === 'td' || tag === 'th') line += ' ';
    el.childNodes.forEach(walk);
    if (block) {
      flush();
      if (tag !== 'tr') out.push('');
    }
  };
  walk(root);
  flush();
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

export function fromHtml(source: string, raw: string): SourceDocument {
  const root = parseHtml(raw, { comment: false });
  const titleTag = root.querySelector('title')?.text.trim();
  const lang = root.querySelector('html')?.getAttribute('lang');
  const body = root.querySelector('body') ?? root;
  const text = requireText(source, htmlToText(body));
  const h1 = /^#\s+(.+)$/m.exec(text)?.[1];
  return {
    source,
    docId: fileStem(source),
    title: titleTag || h1 || humanise(fileStem(source)),
    lang: pickLang(lang, text),
    text,
    structure: 'markdown',
  };
}

async function fromDocx(source: string, content: Buffer): Promise<SourceDocument> {
  // Through HTML rather than raw text, so Word's heading styles become headings. Loaded on
  // demand: most knowledge bases have no Word files, and start-up time matters.
  const { default: mammoth } = await import('mammoth');
  const { value: html } = await mammoth.convertToHtml({ buffer: content });
  const doc = fromHtml(source, `<html><body>${html}</body></html>`);
  return { ...doc, docId: fileStem(source) };
}

async function fromPdf(source: string, content: Buffer): Promise<SourceDocument> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(content) });
  try {
    const info = await parser.getInfo();
    const result = await parser.getText();
    // pdf-parse separates pages with "-- n of m --" markers; they are not content.
    const text = result.text.replace(/^--\s*\d+\s+of\s+\d+\s*--$/gm, '');
    const plain = fromPlainText(source, requireText(source, text));
    const metaTitle = typeof info.info?.Title === 'string' ? info.info.Title.trim() : '';
    return { ...plain, title: metaTitle || plain.title };
  } finally {
    await parser.destroy();
  }
}
