/**
 * Text from clients (and values such as Czech dates) shown where a channel reads markdown:
 * Teams messages, Adaptive Card TextBlocks and FactSets, Web Chat. Without this "15. 7. 2026"
 * becomes a numbered list starting at 15, "**urgent**" turns bold and
 * "[Verify your account](https://…)" becomes a link a manager would trust.
 *
 * - Inline markup characters get a backslash (CommonMark's escape): emphasis, code, links,
 *   strike-through, HTML-like tags.
 * - A list, quote or heading marker at the start of a line (or of the value) keeps its text but
 *   is followed by a no-break space instead of a space, which no markdown reads as a marker, so
 *   it works even in renderers without backslash escapes (dates stay "15. 7. 2026").
 */
export function literalMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]~<>|]/g, '\\$&')
    .replace(/^([ \t]*)([-+#>]+|\d{1,9}[.)])[ \t]/gm, '$1$2\u00A0');
}
