export type CsvCell = string | number | boolean | null | undefined;

/**
 * One CSV cell (RFC 4180): quoted when it holds a separator, quote or line break. A text that
 * a spreadsheet would run as a formula gets a leading apostrophe: the questions come from clients, and a CSV opened in Excel must not execute them.
 */
/** What a spreadsheet may run as a formula: =, +, -, @ (also full-width, after spaces), or a leading tab / CR. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
/**
 * Any separator a spreadsheet may split on — "," and ";" (Czech Excel's list separator) and
 * tab — as well as quotes and line breaks: such a cell is quoted, so it stays one cell and a
 * "…;=HYPERLINK(…)" can never become a cell of its own.
 */
const NEEDS_QUOTES = /[",;\t\r\n]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document with a header row; CRLF line ends and a UTF-8 BOM so Excel reads Czech letters. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
