import { html, type SafeHtml } from '../staff/pages/html.js';

/**
 * Server-rendered SVG charts for the insights page: no chart library, no script, no inline
 * style (the staff CSP forbids both) — only SVG presentation attributes. Every chart has a
 * title and description for screen readers, every bar a <title> tooltip, and the same numbers
 * are in a table next to it.
 */

export const COLORS = {
  answered: '#2b7a3d',
  dontKnow: '#c77700',
  outOfScope: '#8a94a6',
  up: '#2b7a3d',
  down: '#a4161a',
  accent: '#004c97',
  muted: '#5b6472',
  grid: '#d5d9e0',
  text: '#1d2430',
  neutral: '#9fb7d6',
} as const;

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';

export interface Segment {
  name: string;
  value: number;
  color: string;
}

export interface ChartText {
  /** Unique on the page: ids of the <title> and <desc>. */
  id: string;
  title: string;
  description: string;
}

/** Shortens a label to fit the chart; the full text stays in the bar's tooltip and the table. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** A "nice" step (1, 2, 5 × 10ⁿ, never below 1: the charts count things) for about `ticks` gridlines. */
export function niceStep(max: number, ticks = 4): number {
  const raw = Math.max(1, max / ticks);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (step * power >= raw) return step * power;
  return 10 * power;
}

/** The axis maximum: the largest value rounded up to a whole number of steps (at least one). */
export function niceMax(value: number): number {
  const step = niceStep(value);
  return Math.max(step, Math.ceil(value / step) * step);
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function frame(text: ChartText, width: number, height: number, body: SafeHtml): SafeHtml {
  return html`<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="${text.id}-title ${text.id}-desc" font-family="${FONT}" font-size="12" fill="${COLORS.text}">
<title id="${text.id}-title">${text.title}</title>
<desc id="${text.id}-desc">${text.description}</desc>
${body}
</svg>`;
}

function legend(series: { name: string; color: string }[], x: number, y: number): SafeHtml {
  let offset = 0;
  const items = series.map((s) => {
    const item = html`<g transform="translate(${x + offset} ${y})"><rect width="10" height="10" fill="${s.color}"/><text x="14" y="9">${s.name}</text></g>`;
    offset += 24 + s.name.length * 7;
    return item;
  });
  return html`<g class="legend">${items}</g>`;
}

/** Vertical stacked columns, one per category (e.g. per day), with a y axis and a legend. */
export function stackedColumns(text: ChartText, categories: string[], series: { name: string; color: string; values: number[] }[], options: { labelEvery?: number } = {}): SafeHtml {
  const width = 720;
  const height = 260;
  const left = 40;
  const right = 10;
  const top = 28;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const totals = categories.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const every = options.labelEvery ?? Math.max(1, Math.ceil(categories.length / 10));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const step = niceStep(max);
  const grid = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => {
    const value = i * step;
    return html`<line x1="${left}" x2="${width - right}" y1="${y(value)}" y2="${y(value)}" stroke="${COLORS.grid}" stroke-width="1"/><text x="${left - 6}" y="${y(value) + 4}" text-anchor="end" fill="${COLORS.muted}">${fmt(value)}</text>`;
  });
  const columns = categories.map((category, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let base = 0;
    const parts = series.map((s) => {
      const value = s.values[i] ?? 0;
      if (value <= 0) return html``;
      const rect = html`<rect x="${x.toFixed(1)}" y="${y(base + value).toFixed(1)}" width="${barW.toFixed(1)}" height="${((value / max) * plotH).toFixed(1)}" fill="${s.color}"><title>${category}: ${s.name} ${value}</title></rect>`;
      base += value;
      return rect;
    });
    const label = i % every === 0 ? html`<text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" fill="${COLORS.muted}">${category.slice(5)}</text>` : html``;
    return html`<g>${parts}${label}</g>`;
  });
  return frame(text, width, height, html`${grid}${columns}${legend(series, left, 8)}`);
}

export interface BarRow {
  label: string;
  segments: Segment[];
  /** Shown after the bar (e.g. "12 % 👎"); defaults to the total. */
  note?: string;
}

/** Horizontal bars, one row per item, each bar split into coloured segments. */
export function horizontalBars(text: ChartText, rows: BarRow[], options: { legend?: { name: string; color: string }[]; labelWidth?: number } = {}): SafeHtml {
  const width = 720;
  const rowH = 26;
  const labelW = options.labelWidth ?? 280;
  const noteW = 90;
  const top = options.legend ? 28 : 8;
  const height = top + Math.max(1, rows.length) * rowH + 8;
  const plotW = width - labelW - noteW - 10;
  const max = niceMax(Math.max(0, ...rows.map((r) => r.segments.reduce((s, x) => s + x.value, 0))));
  const maxChars = Math.floor(labelW / 6.5);
  const bars = rows.map((row, i) => {
    const y = top + i * rowH;
    let x = labelW;
    const total = row.segments.reduce((s, seg) => s + seg.value, 0);
    const parts = row.segments.map((seg) => {
      if (seg.value <= 0) return html``;
      const w = (seg.value / max) * plotW;
      const rect = html`<rect x="${x.toFixed(1)}" y="${y + 4}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 8}" fill="${seg.color}"><title>${row.label}: ${seg.name} ${fmt(seg.value)}</title></rect>`;
      x += w;
      return rect;
    });
    return html`<g><text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${shorten(row.label, maxChars)}<title>${row.label}</title></text>${parts}<text x="${(x + 6).toFixed(1)}" y="${y + rowH / 2 + 4}" fill="${COLORS.muted}">${row.note ?? fmt(total)}</text></g>`;
  });
  const empty = rows.length ? html`` : html`<text x="${labelW}" y="${top + 16}" fill="${COLORS.muted}">—</text>`;
  return frame(text, width, height, html`${options.legend ? legend(options.legend, labelW, 8) : ''}${bars}${empty}`);
}
