import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratio } from './stats.js';
import type { ScaleBuildResult, ScaleLoadResult } from './scaleWorker.js';

/**
 * Scale: synthetic corpora of growing size, each indexed and then loaded in child processes of
 * their own (bench/scaleWorker.ts), so that the memory measured is that size's alone.
 */

export interface ScaleRow {
  passages: number;
  build: ScaleBuildResult;
  load: ScaleLoadResult;
  /** Our search p95 / BM25's on the same passages, and our ingest rate / BM25's index build rate. */
  searchP95RatioToBm25: number;
  ingestRateRatioToBm25: number;
  wallSeconds: number;
}

export interface ScaleResult {
  sizes: number[];
  rows: ScaleRow[];
  /** Sizes left out of this run and why (e.g. 100k without BENCH_SCALE=full). */
  skipped: { passages: number; reason: string }[];
  targets: { ingestPassagesPerSecond: number; searchP95MsAt100k: number; rssBytesAt100k: number; startupMsAt100k: number };
}

const workerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scaleWorker.ts');

function runWorker<T>(phase: 'build' | 'load', passages: number, workDir: string): Promise<T> {
  // --expose-gc: the worker collects garbage before reading memory, so RSS is what stays.
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', workerScript, phase, String(passages), workDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as T);
      else reject(new Error(`scale worker ${phase} ${passages} exited with ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}

export async function runScaleBench(options: { sizes: number[]; skipped?: ScaleResult['skipped']; log?: (line: string) => void }): Promise<ScaleResult> {
  const log = options.log ?? (() => undefined);
  const rows: ScaleRow[] = [];
  for (const passages of options.sizes) {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-scale-${passages}-`));
    const started = Date.now();
    try {
      log(`  scale: ${passages.toLocaleString('en-US')} passages — generating and indexing…`);
      const build = await runWorker<ScaleBuildResult>('build', passages, workDir);
      log(`  scale: ${passages.toLocaleString('en-US')} passages — loading and searching…`);
      const load = await runWorker<ScaleLoadResult>('load', passages, workDir);
      rows.push({
        passages,
        build,
        load,
        searchP95RatioToBm25: ratio(load.search.p95, load.baseline.search.p95),
        ingestRateRatioToBm25: ratio(build.ingestPassagesPerSecond, load.baseline.buildPassagesPerSecond),
        wallSeconds: (Date.now() - started) / 1000,
      });
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
  return {
    sizes: options.sizes,
    rows,
    skipped: options.skipped ?? [],
    // Issue #20's targets on 2 cores.
    targets: { ingestPassagesPerSecond: 2000, searchP95MsAt100k: 3, rssBytesAt100k: 600 * 1024 * 1024, startupMsAt100k: 2000 },
  };
}
