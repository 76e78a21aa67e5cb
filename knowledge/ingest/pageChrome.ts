/**
 * Text saved from a web page carries the page around the content: a "Source: URL" line, the
 * breadcrumb trail, navigation and cookie bars, "Back to top", "Share this page", download links.
 * None of it answers a question, and quoted as an answer it is nonsense, so it is taken out at
 * ingest and kept as metadata (the source address). The patterns describe the shape of web-page
 * furniture in general (separators, link sizes, the stock phrases of page templates in Czech and
 * English), not the wording of any one site.
 */
export interface PageMetadata {
  /** The page's address, from a "Source: …" line. */
  url?: string;
}

const SOURCE_LINE = /^(?:source|zdroj|url|original|převzato z|web)\s*:\s*(https?:\/\/\S+)$/iu;
const BARE_URL = /^<?https?:\/\/\S+>?$/iu;
// "Home > Help > Glossary", "Úvod › Služby": short segments between arrows.
const BREADCRUMB_SEPARATOR = /\s(?:>|›|»|\/)\s/u;
const NAV_SEPARATOR = /\s\|\s/u;
// Stock phrases of page templates, matched on the whole (trimmed, lower-cased) line.
const TEMPLATE_LINES =
  /^(?:back to top|to top|top|share(?: this page| this article)?|print(?: this page)?|zpět nahoru|nahoru|sdílet(?: stránku)?|tisk(?:nout)?|menu|skip to (?:main )?content|přeskočit na obsah|read more|více|číst dále|(?:was|is) this (?:page|article|answer) (?:helpful|useful)\??(?:\s+yes\s*\/\s*no)?|byla (?:tato )?(?:stránka|odpověď) (?:užitečná|užitečný)\??(?:\s+ano\s*\/\s*ne)?)$/u;
const COOKIE_BAR = /\bcookies?\b|\bsouhlas(?:ím)? s (?:používáním )?cookies\b/iu;
// A download link with its file type and size: "Download the full conditions (PDF, 420 kB)".
const DOWNLOAD_LINK = /\((?:pdf|docx?|xlsx?|pptx?|zip)[,;]?\s{0,3}\d{1,6}(?:[.,]\d{1,3})?\s{0,3}[kmg]i?b\)\s{0,3}$/iu;

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

function isNavigation(line: string): boolean {
  // A Markdown table row, a time or a phone number is content, not a menu.
  if (line.startsWith('|') || /\d[:.]\d|\d{3}\s?\d{3}/.test(line)) return false;
  for (const separator of [BREADCRUMB_SEPARATOR, NAV_SEPARATOR]) {
    const segments = line.split(separator);
    if (segments.length >= 2 && segments.every((s) => wordCount(s) <= 6 && !/[.!?:]$/.test(s.trim()))) return true;
  }
  return false;
}

/** Whether a whole line is page furniture rather than content. */
export function isPageChrome(line: string): boolean {
  const text = line.trim();
  if (!text) return false;
  const lower = text.toLowerCase();
  if (SOURCE_LINE.test(text) || BARE_URL.test(text) || TEMPLATE_LINES.test(lower) || DOWNLOAD_LINK.test(text)) return true;
  if (COOKIE_BAR.test(text) && wordCount(text) <= 30) return true;
  return isNavigation(text);
}

/**
 * A page title with the site's name after a bar or a dash ("Glossary | Credit Insurer Ltd"):
 * the title part. Titles without such a suffix are returned as they are.
 */
export function pageTitle(line: string): string {
  const bar = line.split(/\s\|\s/u);
  if (bar.length > 1 && bar[0]!.trim()) return bar[0]!.trim();
  // A dash separates a site name only when what follows is short and plain ("… – Example Ltd").
  const text = line.trim();
  const at = Math.max(text.lastIndexOf(' - '), text.lastIndexOf(' – '), text.lastIndexOf(' — '));
  const site = at > 0 ? text.slice(at + 3).trim() : '';
  return site && site.length <= 40 && wordCount(site) <= 4 && !/[\d:]/.test(site) ? text.slice(0, at).trim() : text;
}

/** Removes page furniture lines, returning the content and what the furniture said about the page. */
export function stripPageChrome(text: string): { text: string; meta: PageMetadata } {
  const meta: PageMetadata = {};
  const kept: string[] = [];
  let first = true;
  for (const line of text.split('\n')) {
    const source = SOURCE_LINE.exec(line.trim());
    if (source && !meta.url) meta.url = source[1]!;
    // The first line is the page's title even when it carries the site's name after a bar.
    const title = first && line.trim() !== '' && !source && !BARE_URL.test(line.trim());
    if (line.trim()) first = false;
    kept.push(!title && isPageChrome(line) ? '' : line);
  }
  return { text: kept.join('\n'), meta };
}
