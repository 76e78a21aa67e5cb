import fs from 'node:fs';
import path from 'node:path';
import type { ChatResult } from './chat.js';
import type { IntentResult } from './intents.js';
import type { FormsResult } from './forms.js';
import type { RetrievalResult } from './retrieval.js';
import type { ScaleResult } from './scale.js';

/** Everything one `npm run bench` measured, as written to bench/results/*.json. */
export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  command: string;
  machine: {
    cpus: number;
    cpuModel: string;
    totalMemoryBytes: number;
    node: string;
    platform: string;
    /** 1-minute load average at the start and end: other work on the machine skews the figures. */
    loadAverageStart: number;
    loadAverageEnd?: number;
  };
  settings: Record<string, string>;
  chat?: ChatResult | { skipped: string };
  retrieval?: RetrievalResult | { skipped: string };
  intents?: IntentResult | { unavailable: string } | { skipped: string };
  scale?: ScaleResult | { skipped: string };
  forms?: FormsResult | { skipped: string };
}

// ---------- formatting ----------

export const fmt = {
  int: (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–'),
  ms: (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US')) : '–'),
  ratio: (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–'),
  pct: (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : '–'),
  mb: (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : '–'),
  frac: (a: number, b: number) => `${a}/${b}`,
};

/** A plain-text table with columns padded to their widest cell. */
export function textTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

// ---------- tables (shared by the terminal and the HTML report) ----------

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  notes: string[];
}

export function chatTable(chat: ChatResult): Table {
  const rows: string[][] = [];
  for (const scenario of chat.scenarios) {
    if (!scenario.available) {
      rows.push([scenario.label, '–', scenario.note ?? 'not available', '', '', '', '', '', '', '', '']);
      continue;
    }
    for (const c of scenario.cells) {
      rows.push([
        scenario.label,
        String(c.connections),
        fmt.int(c.messagesPerSecond),
        scenario.name === 'echo' ? '1.00× (baseline)' : fmt.ratio(c.ratioToEcho ?? Number.NaN),
        fmt.ms(c.latency.p50),
        fmt.ms(c.latency.p95),
        fmt.ms(c.latency.p99),
        c.cpuMsPerTurn === undefined ? '–' : fmt.ms(c.cpuMsPerTurn),
        '',
        fmt.pct(c.successShare),
        String(c.non2xx + c.errors),
      ]);
    }
    if (scenario.cpuMsPerTurn !== undefined) {
      rows.push([`  ${scenario.name}: CPU per turn`, '', '', '', '', '', '', fmt.ms(scenario.cpuMsPerTurn), scenario.name === 'floor' ? '1.00× (floor)' : fmt.ratio(scenario.cpuToFloor ?? Number.NaN), '', '']);
    }
  }
  const find = (name: string) => chat.scenarios.find((s) => s.name === name);
  const qa = find('qa')?.cells.find((c) => c.connections === 32);
  const notes = [
    `${chat.secondsPerCell} s per cell; each connection is its own conversation; deliveryMode expectReplies.`,
    'CPU ms/turn: user + system CPU of the server process (/proc/<pid>/stat, 10 ms ticks) over the cell, per request. The "CPU per turn" rows (and the targets) come from rounds of one-conversation cells interleaved across the scenarios, CPU and requests summed over the rounds: every server runs throughout and each round measures them all within seconds, so a changing load on a shared machine touches them alike.',
  ];
  if (qa) {
    notes.push(
      `Target: Q&A ≥ ${fmt.pct(chat.targets.throughputShareAt32)} of echo throughput at 32 conversations — measured ${fmt.ratio(qa.ratioToEcho ?? Number.NaN)} ${mark((qa.ratioToEcho ?? 0) >= chat.targets.throughputShareAt32)}`,
      `Target: Q&A p95 ≤ ${chat.targets.p95Ms} ms at 32 conversations — measured ${fmt.ms(qa.latency.p95)} ms ${mark(qa.latency.p95 <= chat.targets.p95Ms)}`,
    );
  }
  for (const name of ['qa', 'report']) {
    const toFloor = find(name)?.cpuToFloor;
    if (toFloor !== undefined) notes.push(`Target: ${name} turn CPU ≤ ${fmt.ratio(chat.targets.cpuToFloor)} the floor — measured ${fmt.ratio(toFloor)} ${mark(toFloor <= chat.targets.cpuToFloor)}`);
  }
  if (chat.history) {
    const { sizes, seedMs, rows: history } = chat.history;
    const seeded = `${fmt.int(sizes.endedTickets)} ended tickets, ${fmt.int(sizes.cases)} cases, ${fmt.int(sizes.transcriptRows)} transcript rows, ${fmt.int(sizes.answers)} logged answers`;
    notes.push(`History: the "database with history" rows run on a SQLite database seeded with ${seeded}${seedMs === undefined ? '' : ` (seeded in ${(seedMs / 1000).toFixed(1)} s)`}.`);
    for (const row of history) {
      notes.push(`Target: ${row.scenario} turn CPU changes < ${fmt.pct(chat.targets.historyChange)} with history — ${fmt.ms(row.emptyCpuMs)} ms empty, ${fmt.ms(row.seededCpuMs)} ms seeded (${row.change >= 0 ? '+' : ''}${(row.change * 100).toFixed(1)} %) ${mark(Math.abs(row.change) < chat.targets.historyChange)}`);
    }
  }
  return {
    title: 'Chat throughput, latency and CPU per turn (/api/messages)',
    headers: ['scenario', 'conns', 'msg/s', 'vs echo', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU ms/turn', 'CPU vs floor', 'ok', 'failed'],
    rows,
    notes,
  };
}

export function retrievalTable(retrieval: RetrievalResult): Table {
  return {
    title: `Retrieval on the evaluation sets (${retrieval.passages} passages)`,
    headers: ['set', 'subset', 'system', 'hit@1', 'hit@3', 'MRR', 'MRR vs BM25', 'mean ms', 'p95 ms', 'time vs BM25'],
    rows: retrieval.rows.map((r) => [
      r.set,
      r.subset,
      r.system === 'bm25' ? 'BM25 (baseline)' : r.system === 'dense' ? 'dense only (HNSW)' : 'hybrid (ours)',
      fmt.frac(r.hit1, r.n),
      fmt.frac(r.hit3, r.n),
      r.mrr.toFixed(3),
      fmt.ratio(r.mrrRatioToBm25),
      fmt.ms(r.latency.mean),
      fmt.ms(r.latency.p95),
      fmt.ratio(r.latencyRatioToBm25),
    ]),
    notes: [`hit@k: a top-k passage contains an expected phrase. Latency over ${retrieval.timedRounds} timed rounds after a warm-up.`],
  };
}

export function intentTable(intents: IntentResult): Table {
  return {
    title: 'Intent routing accuracy (ours vs NLP.js trained on the same examples)',
    headers: ['lang', 'system', 'accuracy', 'actions', 'not actions', 'mean ms', 'vs NLP.js'],
    rows: intents.rows.flatMap((r) => [
      [r.lang, 'our router', fmt.pct(r.ours.accuracy), fmt.frac(r.ours.actions.correct, r.ours.actions.n), fmt.frac(r.ours.notActions.correct, r.ours.notActions.n), fmt.ms(r.ours.meanMs), fmt.ratio(r.accuracyRatio)],
      [r.lang, 'NLP.js (baseline)', fmt.pct(r.nlpjs.accuracy), fmt.frac(r.nlpjs.actions.correct, r.nlpjs.actions.n), fmt.frac(r.nlpjs.notActions.correct, r.nlpjs.notActions.n), fmt.ms(r.nlpjs.meanMs), '1.00×'],
    ]),
    notes: [
      `${intents.items} evaluation items; NLP.js trained on ${intents.trainingExamples} examples (the router's action examples + the documents' headings as questions).`,
      'actions = report_claim, report_overdue, handoff; "not actions" = questions, out-of-scope and unanswerable items, which must go to the answerer.',
    ],
  };
}

export function scaleTable(scale: ScaleResult): Table {
  const rows = scale.rows.map((r) => [
    fmt.int(r.passages),
    fmt.int(r.build.ingestPassagesPerSecond),
    fmt.int(r.load.baseline.buildPassagesPerSecond),
    fmt.mb(r.build.indexBytes),
    fmt.mb(r.load.rssAfterLoadBytes),
    fmt.mb(r.load.rssBeforeLoadBytes),
    fmt.ms(r.load.startupMs),
    fmt.ms(r.load.search.p50),
    fmt.ms(r.load.search.p95),
    r.load.lexicalSearch ? fmt.ms(r.load.lexicalSearch.p95) : '–',
    r.load.denseSearch ? fmt.ms(r.load.denseSearch.p95) : '–',
    fmt.ms(r.load.baseline.search.p95),
    fmt.ratio(r.searchP95RatioToBm25),
  ]);
  const at100k = scale.rows.find((r) => r.passages === 100_000);
  const slowest = Math.min(...scale.rows.map((r) => r.build.ingestPassagesPerSecond));
  const notes = [
    ...scale.skipped.map((s) => `${fmt.int(s.passages)} passages: ${s.reason}`),
    'ingest = first start (read, split, embed, HNSW + BM25 index, save); BM25 build = MiniSearch index over the same passages in memory only.',
    'RSS before load = Node, tsx and the libraries with no index: the part of RSS the index does not cause; both after gc until RSS and heap settle. Start-up = second start on the unchanged corpus.',
    'search = the hybrid retriever (analysis, query embedding, our BM25 + HNSW k=20, fusion, evidence re-ranking); our BM25 = analysis + the typed-array BM25 alone; HNSW alone = query embedding + k=20; MiniSearch BM25 = plain BM25 over the raw text (the baseline).',
    `Target: ingest ≥ ${fmt.int(scale.targets.ingestPassagesPerSecond)} passages/s offline — measured ${fmt.int(slowest)}–${fmt.int(Math.max(...scale.rows.map((r) => r.build.ingestPassagesPerSecond)))} ${mark(slowest >= scale.targets.ingestPassagesPerSecond)}`,
  ];
  if (at100k) {
    notes.push(
      `Target at 100k: search p95 ≤ ${scale.targets.searchP95MsAt100k} ms — measured ${fmt.ms(at100k.load.search.p95)} ms ${mark(at100k.load.search.p95 <= scale.targets.searchP95MsAt100k)}; RSS ≤ ${fmt.mb(scale.targets.rssBytesAt100k)} — measured ${fmt.mb(at100k.load.rssAfterLoadBytes)} ${mark(at100k.load.rssAfterLoadBytes <= scale.targets.rssBytesAt100k)}; start-up ≤ ${fmt.ms(scale.targets.startupMsAt100k)} ms — measured ${fmt.ms(at100k.load.startupMs)} ms ${mark(at100k.load.startupMs <= scale.targets.startupMsAt100k)}`,
    );
    if (at100k.load.files) notes.push(`Files of the 100k build: ${Object.entries(at100k.load.files).map(([name, bytes]) => `${name} ${fmt.mb(bytes)}`).join(', ')}.`);
  } else {
    notes.push(`Targets at 100k (search p95 ≤ ${scale.targets.searchP95MsAt100k} ms, RSS ≤ ${fmt.mb(scale.targets.rssBytesAt100k)}): not measured in this run.`);
  }
  return {
    title: 'Scale (synthetic corpora recombined from the real documents)',
    headers: ['passages', 'ingest/s', 'BM25 build/s', 'index on disk', 'RSS after load', 'RSS before load', 'start-up ms', 'search p50', 'search p95', 'our BM25 p95', 'HNSW alone p95', 'MiniSearch BM25 p95', 'p95 vs BM25'],
    rows,
    notes,
  };
}

export function formsTable(forms: FormsResult): Table {
  return {
    title: 'Report forms: client turns to file (opening message to reference number)',
    headers: ['report', 'answers', 'client', 'turns', 'target', 'before', 'filed'],
    rows: forms.rows.map((r) => [r.kind, r.style, r.client, String(r.turns), `≤ ${r.target}`, String(forms.before[r.kind]), mark(r.filed)]),
    notes: [
      'A simulated client answers whatever the bot asks from one set of data. "one per message" is the baseline: the form as it was (one question per field, no register).',
      '"several per message": channels without cards, where a question invites several answers; "cards": Web Chat / Teams card forms. Messy: two wrong answers first and a question in between.',
      'The buyer is looked up by IČO in a fake ARES register on 127.0.0.1 through the real client; "register down" points it at a closed port.',
    ],
  };
}

export function printTable(table: Table): void {
  console.log(`\n${table.title}\n`);
  console.log(textTable(table.headers, table.rows));
  for (const note of table.notes) console.log(`  ${note}`);
}

// ---------- HTML ----------

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2'];

export interface BarGroup {
  label: string;
  bars: { series: string; value: number }[];
}

/** A grouped bar chart as inline SVG: one group per label, one bar per series, values on top. */
export function barChart(title: string, unit: string, groups: BarGroup[]): string {
  const series = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.series)))];
  const max = Math.max(1e-9, ...groups.flatMap((g) => g.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))));
  const barWidth = 24;
  // Wide enough for its bars and its label (about 6 px per character at 10 px).
  const groupWidth = Math.max(series.length * barWidth + 16, ...groups.map((g) => g.label.length * 6 + 10));
  const chartHeight = 160;
  const left = 10;
  const top = 30;
  const legendTop = top + chartHeight + 28;
  const width = Math.max(260, left * 2 + groups.length * groupWidth);
  const height = legendTop + series.length * 15 + 4;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`];
  parts.push(`<text x="${left}" y="16" font-size="13" font-weight="bold">${escapeHtml(title)} (${escapeHtml(unit)})</text>`);
  parts.push(`<line x1="${left}" y1="${top + chartHeight}" x2="${width - left}" y2="${top + chartHeight}" stroke="#999"/>`);
  groups.forEach((group, gi) => {
    const x0 = left + gi * groupWidth + (groupWidth - series.length * barWidth) / 2;
    group.bars.forEach((bar) => {
      const si = series.indexOf(bar.series);
      const value = Number.isFinite(bar.value) ? bar.value : 0;
      const h = (value / max) * chartHeight;
      const x = x0 + si * barWidth;
      const y = top + chartHeight - h;
      parts.push(`<rect x="${x}" y="${y.toFixed(1)}" width="${barWidth - 4}" height="${h.toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"><title>${escapeHtml(`${group.label} · ${bar.series}: ${bar.value}`)}</title></rect>`);
      const shown = value >= 100 ? Math.round(value).toString() : value >= 10 ? value.toFixed(1) : value.toFixed(2);
      parts.push(`<text x="${x + (barWidth - 4) / 2}" y="${(y - 3).toFixed(1)}" font-size="9" text-anchor="middle">${shown}</text>`);
    });
    parts.push(`<text x="${left + gi * groupWidth + groupWidth / 2}" y="${top + chartHeight + 14}" font-size="10" text-anchor="middle">${escapeHtml(group.label)}</text>`);
  });
  series.forEach((name, si) => {
    const y = legendTop + si * 15;
    parts.push(`<rect x="${left}" y="${y - 9}" width="10" height="10" fill="${PALETTE[si % PALETTE.length]}"/><text x="${left + 14}" y="${y}" font-size="10">${escapeHtml(name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function htmlTable(table: Table): string {
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const notes = table.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<h2>${escapeHtml(table.title)}</h2>\n<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>\n<ul class="notes">${notes}</ul>`;
}

function chatCharts(chat: ChatResult): string {
  const available = chat.scenarios.filter((s) => s.available);
  const groups = (pick: (c: ChatResult['scenarios'][number]['cells'][number]) => number): BarGroup[] =>
    chat.connections.map((connections) => ({
      label: `${connections} conn.`,
      bars: available.map((s) => ({ series: s.name === 'echo' ? 'echo bot' : s.name, value: pick(s.cells.find((c) => c.connections === connections)!) })),
    }));
  const cpu: BarGroup[] = [{ label: 'one conversation', bars: available.filter((s) => s.cpuMsPerTurn !== undefined).map((s) => ({ series: s.name === 'echo' ? 'echo bot' : s.name, value: s.cpuMsPerTurn! })) }];
  return barChart('Throughput', 'messages/s', groups((c) => c.messagesPerSecond)) + barChart('p95 latency', 'ms', groups((c) => c.latency.p95)) + barChart('Server CPU per turn', 'ms', cpu);
}

function retrievalCharts(retrieval: RetrievalResult): string {
  const keys = [...new Set(retrieval.rows.map((r) => `${r.set} · ${r.subset}`))];
  const name = { hybrid: 'hybrid (ours)', bm25: 'BM25', dense: 'dense only' } as const;
  const groups = (pick: (r: RetrievalResult['rows'][number]) => number): BarGroup[] =>
    keys.map((key) => ({ label: key, bars: retrieval.rows.filter((r) => `${r.set} · ${r.subset}` === key).map((r) => ({ series: name[r.system], value: pick(r) })) }));
  return barChart('MRR', '0–1', groups((r) => r.mrr)) + barChart('Mean query latency', 'ms', groups((r) => r.latency.mean));
}

function intentCharts(intents: IntentResult): string {
  return barChart(
    'Intent accuracy',
    '%',
    intents.rows.map((r) => ({ label: r.lang, bars: [{ series: 'our router', value: r.ours.accuracy * 100 }, { series: 'NLP.js', value: r.nlpjs.accuracy * 100 }] })),
  );
}

function scaleCharts(scale: ScaleResult): string {
  const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  return (
    barChart('Search p95', 'ms', scale.rows.map((r) => ({ label: label(r.passages), bars: [{ series: 'hybrid (ours)', value: r.load.search.p95 }, { series: 'our BM25', value: r.load.lexicalSearch?.p95 ?? 0 }, { series: 'HNSW alone', value: r.load.denseSearch?.p95 ?? 0 }, { series: 'MiniSearch BM25', value: r.load.baseline.search.p95 }] }))) +
    barChart('Ingest', 'passages/s', scale.rows.map((r) => ({ label: label(r.passages), bars: [{ series: 'ingest (ours)', value: r.build.ingestPassagesPerSecond }] }))) +
    barChart('RSS after load', 'MB', scale.rows.map((r) => ({ label: label(r.passages), bars: [{ series: 'after load', value: r.load.rssAfterLoadBytes / 1048576 }, { series: 'before load', value: r.load.rssBeforeLoadBytes / 1048576 }] })))
  );
}

/** Why a section was not measured (`{ skipped }` or `{ unavailable }`), if it was not. */
function notMeasured(result: unknown): string | undefined {
  if (!result || typeof result !== 'object') return undefined;
  const { skipped, unavailable } = result as { skipped?: unknown; unavailable?: unknown };
  // ScaleResult has a `skipped` list of sizes: only a string means the whole section was skipped.
  if (typeof skipped === 'string') return skipped;
  if (typeof unavailable === 'string') return unavailable;
  return undefined;
}

const isMeasured = <T extends object>(x: T | { skipped: string } | { unavailable: string } | undefined): x is T => !!x && notMeasured(x) === undefined;

function section(result: unknown, render: () => string): string {
  const reason = notMeasured(result);
  if (reason !== undefined) return `<p class="skipped">${escapeHtml(reason)}</p>`;
  return result ? render() : '';
}

/** The self-contained HTML report: tables and inline SVG charts, no external resources. */
export function renderHtml(results: BenchResults): string {
  const m = results.machine;
  const parts: string[] = [];
  parts.push(section(results.chat, () => (isMeasured<ChatResult>(results.chat) ? htmlTable(chatTable(results.chat)) + chatCharts(results.chat) : '')));
  parts.push(section(results.retrieval, () => (isMeasured<RetrievalResult>(results.retrieval) ? htmlTable(retrievalTable(results.retrieval)) + retrievalCharts(results.retrieval) : '')));
  parts.push(section(results.intents, () => (isMeasured<IntentResult>(results.intents) ? htmlTable(intentTable(results.intents)) + intentCharts(results.intents) : '')));
  parts.push(section(results.scale, () => (isMeasured<ScaleResult>(results.scale) ? htmlTable(scaleTable(results.scale)) + scaleCharts(results.scale) : '')));
  parts.push(section(results.forms, () => (isMeasured<FormsResult>(results.forms) ? htmlTable(formsTable(results.forms)) : '')));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Benchmarks ${escapeHtml(results.startedAt)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #222; max-width: 1200px; }
table { border-collapse: collapse; margin: 0.5em 0; } th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child, td:nth-child(2), td:nth-child(3) { text-align: left; } th { background: #f3f3f3; }
.notes { color: #555; font-size: 13px; } .skipped { color: #a60; } svg { margin: 0.5em 1.5em 0.5em 0; vertical-align: top; }
</style></head><body>
<h1>Benchmarks</h1>
<p>${escapeHtml(results.startedAt)} · <code>${escapeHtml(results.command)}</code> · ${m.cpus} × ${escapeHtml(m.cpuModel)}, ${fmt.mb(m.totalMemoryBytes)} RAM, Node ${escapeHtml(m.node)} (${escapeHtml(m.platform)}) · load average ${m.loadAverageStart.toFixed(2)} → ${(m.loadAverageEnd ?? Number.NaN).toFixed(2)}</p>
<p>Settings: ${escapeHtml(Object.entries(results.settings).map(([k, v]) => `${k}=${v}`).join(', '))}</p>
${parts.join('\n')}
</body></html>
`;
}

/** Writes `<stamp>.json` and `<stamp>.html` plus `latest.json` / `latest.html`; returns the paths. */
export function writeReports(results: BenchResults, dir: string): { json: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const json = path.join(dir, `bench-${stamp}.json`);
  const html = path.join(dir, `bench-${stamp}.html`);
  fs.writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(html, renderHtml(results));
  fs.copyFileSync(json, path.join(dir, 'latest.json'));
  fs.copyFileSync(html, path.join(dir, 'latest.html'));
  return { json, html };
}
