import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../bot/logger.js';
import { loadConfig } from '../../bot/config.js';
import { evaluateAnswers, evaluateRetrieval, type EvalRow } from '../evaluation/evaluate.js';
import { readEvalSet } from '../evaluation/evalSet.js';
import { openKnowledgeBase } from '../knowledgeBase.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultSets = [path.join(root, 'test', 'eval', 'questions.jsonl'), path.join(root, 'test', 'eval', 'extra-questions.jsonl'), path.join(root, 'test', 'eval', 'negatives.jsonl')];

const config = loadConfig();
const files = process.argv.slice(2).length ? process.argv.slice(2) : defaultSets;
// The evaluation builds its own index so it never disturbs a running bot's data.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'support-bot-eval-'));
const kb = await openKnowledgeBase({ knowledgeDir: config.KNOWLEDGE_DIR, dataDir, logger: createLogger('warn') });

const rows: EvalRow[] = [];
let answerFailures = 0;
for (const file of files) {
  const items = readEvalSet(file);
  const set = path.basename(file, '.jsonl');
  rows.push(...(await evaluateRetrieval(kb, set, items)));
  const checks = await evaluateAnswers(kb, items);
  const failed = checks.filter((c) => !c.ok);
  answerFailures += failed.length;
  console.log(`\n${set}: answering decisions ${checks.length - failed.length}/${checks.length} correct`);
  for (const f of failed) console.log(`  ✗ ${f.item.id} [${f.item.lang}] expected ${f.item.intent}, got ${f.kind}: ${f.item.text}`);
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
console.log(`\nRetrieval (passages: ${kb.index.size}; hit@k = a top-k passage contains an expected phrase)`);
console.log(`${pad('set', 18)}${pad('subset', 15)}${pad('system', 8)}${pad('n', 4)}${pad('hit@1', 8)}${pad('hit@3', 8)}${pad('MRR', 7)}ms/query`);
for (const r of rows) {
  const m = r.metrics;
  console.log(
    `${pad(r.set, 18)}${pad(r.subset, 15)}${pad(r.system, 8)}${pad(m.n, 4)}${pad(`${m.hit1}/${m.n}`, 8)}${pad(`${m.hit3}/${m.n}`, 8)}${pad(m.mrr.toFixed(3), 7)}${m.latencyMs.toFixed(2)}`,
  );
}
fs.rmSync(dataDir, { recursive: true, force: true });
process.exitCode = answerFailures > 0 ? 1 : 0;
