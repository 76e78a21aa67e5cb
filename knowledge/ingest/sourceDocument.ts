import type { Lang } from '../../locales/lang.js';

/** A knowledge file turned into plain text whose headings are Markdown `#` lines. */
export interface SourceDocument {
  /** Path relative to the knowledge directory, with forward slashes: the citation's `source`. */
  source: string;
  /** Stable id shared by the translations of one document (front matter `id`, else the file stem). */
  docId: string;
  title: string;
  lang: Lang;
  /** Markdown-like text: `#` headings, blank-line separated paragraphs. */
  text: string;
  /** How headings are marked: Markdown headings are explicit, plain text needs heuristics. */
  structure: 'markdown' | 'plain';
  /** The page's address when the text came from a web page ("Source: …" line): metadata, not content. */
  url?: string;
}
