import os from 'node:os';
import path from 'node:path';
import { runChatBench } from './chat.js';
import { projectRoot } from './evalQueries.js';
import { runIntentBench, trainingExamples } from './intents.js';
import { INTENT_EXAMPLES_FILE, loadOurIntentRouter } from './ourIntentRouter.js';
import { chatTable, formsTable, intentTable, printTable, retrievalTable, scaleTable, writeReports, type BenchResults } from './report.js';
import { runFormsBench } from './forms.js';
import { runRetrievalBench } from './retrieval.js';
import { runScaleBench } from './scale.js';

/**
 * `npm run bench`: chat load, retrieval, intent routing and scale, each beside its baseline
 * measured in the same run. Tables go to the terminal; JSON and an HTML report with charts to
 * bench/results/. Everything runs on this machine against 127.0.0.1.
 *
 *   --smoke                  a few seconds in all: every section once on small sizes, so CI
 *                            (.ci/run) notices a broken bench; its figures mean nothing
 *   BENCH_SECONDS=4          seconds per chat cell (connections × scenario)
 *   BENCH_SCALE=full         also index 100,000 passages (several minutes); `off` skips scale
 *   BENCH_ONLY=chat,scale    run only these sections (chat, retrieval, intents, scale, forms)
 */

const SECTIONS = ['chat', 'retrieval', 'intents', 'scale', 'forms'] as const;
type Section = (typeof SECTIONS)[number];

const smoke = process.argv.includes('--smoke');
const secondsPerCell = Number(process.env.BENCH_SECONDS ?? (smoke ? 0.3 : 4));
if (!Number.isFinite(secondsPerCell) || secondsPerCell <= 0) throw new Error(`BENCH_SECONDS must be a positive number, not "${process.env.BENCH_SECONDS}"`);
const scaleMode = process.env.BENCH_SCALE ?? 'default';
const only = new Set((process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',').map((s) => s.trim()).filter(Boolean));
for (const name of only) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: unknown section "${name}" (${SECTIONS.join(', ')})`);
const wanted = (section: Section) => only.has(section);

const CONNECTIONS = smoke ? [1, 8] : [1, 8, 32, 128];
const DEFAULT_SCALE_SIZES = smoke ? [1_000] : [1_000, 10_000];
const FULL_SCALE_SIZES = [1_000, 10_000, 100_000];
// Measured on 2 cores: indexing 100k synthetic passages takes several minutes, too long for every run.
const HUNDRED_K_NOTE = 'opt-in: BENCH_SCALE=full (indexing 100k passages takes several minutes on 2 cores)';

const log = (line: string) => console.log(line);
const resultsDir = path.join(projectRoot, 'bench', 'results');
const results: BenchResults = {
  startedAt: new Date().toISOString(),
  command: ['npm run bench', ...Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_')).map(([k, v]) => `${k}=${v}`)].join(' '),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageStart: os.loadavg()[0]!,
  },
  settings: { BENCH_SECONDS: String(secondsPerCell), BENCH_SCALE: scaleMode, BENCH_ONLY: [...only].join(','), ...(smoke ? { smoke: 'true' } : {}) },
};

console.log(`Benchmarks on ${results.machine.cpus} × ${results.machine.cpuModel}, ${(results.machine.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
if (results.machine.loadAverageStart > results.machine.cpus / 2) {
  console.log(`Note: load average ${results.machine.loadAverageStart.toFixed(2)} — other work on this machine will lower the figures.`);
}

if (wanted('chat')) {
  console.log('\n[1/5] chat throughput and latency');
  const chat = await runChatBench({ secondsPerCell, connections: CONNECTIONS, smoke, log });
  results.chat = chat;
  printTable(chatTable(chat));
  // The smoke run fails on any scenario that could not run or any failed request: its job is to
  // notice a broken bench, not to measure.
  if (smoke) {
    const broken = chat.scenarios.flatMap((sc) => (!sc.available ? [`${sc.name}: ${sc.note ?? 'not available'}`] : sc.cells.filter((c) => c.requests === 0 || c.successShare < 1 || c.non2xx + c.errors + c.timeouts > 0).map((c) => `${sc.name} at ${c.connections}: ${c.requests} requests, ${(c.successShare * 100).toFixed(0)} % ok`)));
    if (broken.length) throw new Error(`bench smoke: chat failed: ${broken.join('; ')}`);
  }
  writeReports(results, resultsDir); // after every section: a later failure loses nothing
}

if (wanted('retrieval')) {
  console.log('\n[2/5] retrieval');
  const retrieval = await runRetrievalBench();
  results.retrieval = retrieval;
  printTable(retrievalTable(retrieval));
  writeReports(results, resultsDir); // after every section: a later failure loses nothing
}

if (wanted('intents')) {
  console.log('\n[3/5] intent routing');
  const router = await loadOurIntentRouter();
  if ('unavailable' in router) {
    console.log(router.unavailable);
    results.intents = { unavailable: router.unavailable };
  } else {
    const intents = await runIntentBench(router, trainingExamples(INTENT_EXAMPLES_FILE));
    results.intents = intents;
    printTable(intentTable(intents));
  writeReports(results, resultsDir); // after every section: a later failure loses nothing
  }
}

if (wanted('scale') && scaleMode !== 'off') {
  console.log('\n[4/5] scale');
  const full = scaleMode === 'full';
  const scale = await runScaleBench({
    sizes: full ? FULL_SCALE_SIZES : DEFAULT_SCALE_SIZES,
    skipped: full ? [] : [{ passages: 100_000, reason: HUNDRED_K_NOTE }],
    log,
  });
  results.scale = scale;
  printTable(scaleTable(scale));
  writeReports(results, resultsDir); // after every section: a later failure loses nothing
} else if (wanted('scale')) {
  results.scale = { skipped: 'BENCH_SCALE=off' };
}

if (wanted('forms')) {
  console.log('\n[5/5] report forms: turns to file');
  const forms = await runFormsBench({ smoke });
  results.forms = forms;
  printTable(formsTable(forms));
  const unfiled = forms.rows.filter((r) => !r.filed);
  if (unfiled.length) throw new Error(`bench: a scripted report was not filed: ${unfiled.map((r) => `${r.kind} ${r.style} ${r.client}`).join('; ')}`);
  writeReports(results, resultsDir);
}

results.machine.loadAverageEnd = os.loadavg()[0]!;
results.finishedAt = new Date().toISOString();
const written = writeReports(results, resultsDir);
console.log(`\nWritten: ${path.relative(process.cwd(), written.json)}, ${path.relative(process.cwd(), written.html)} (and latest.json / latest.html)`);
