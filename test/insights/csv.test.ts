import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../insights/csv.js';

/** Splits a CSV line as a spreadsheet would on `separator`, honouring RFC 4180 quotes. */
function cellsOf(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      cells.push(cell);
      cell = '';
    }
    else cell += c;
  }
  return [...cells, cell];
}

describe('CSV export', () => {
  const attacks = ['=HYPERLINK("http://evil.example","x")', 'a;=HYPERLINK("http://evil.example")', 'a,=1+1', 'a;=1+1', 'x\t=cmd', ' =1+1', '＝1+1', '+420 601', '-5', '@SUM(A1)', 'line\n=2+2'];

  it.each([',', ';', '\t'])('keeps every client text one cell, never a formula, when split on "%s"', (separator) => {
    const csv = toCsv(['question'], attacks.map((a) => [a])).replace(/^\uFEFF/, '');
    // Rows are CRLF-separated; a quoted cell may hold a bare LF.
    const rows = csv.split('\r\n').filter(Boolean).slice(1);
    expect(rows).toHaveLength(attacks.length);
    for (const row of rows) {
      const cells = cellsOf(row, separator);
      expect(cells).toHaveLength(1);
      expect(cells[0]).not.toMatch(/^\s*[=+\-@＝]/);
    }
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(csvCell('Jak nahlásit škodu')).toBe('Jak nahlásit škodu');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });
});
