import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../platform/logger.js';
import { loadConfig } from '../../platform/config.js';
import { evaluateAnswers, evaluateCitedAnswers, evaluateRetrieval, type EvalRow } from '../evaluation/evaluate.js';
import { llmSettings } from '../../platform/config.js';
import { createChatModel, createEmbeddings } from '../llm/models.js';
import { readEvalSet } from '../evaluation/evalSet.js';
import { openKnowledgeBase } from '../knowledgeBase.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultSets = [path.join(root, 'test', 'eval', 'questions.jsonl'), path.join(root, 'test', 'eval', 'extra-questions.jsonl'), path.join(root, 'test', 'eval', 'negatives.jsonl')];

const config = loadConfig();
const files = process.argv.slice(2).length ? process.argv.slice(2) : defaultSets;
// The evaluation builds its own index so it never disturbs a running bot's data.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'support-bot-eval-'));
const kb = await openKnowledgeBase({ knowledgeDir: config.KNOWLEDGE_DIR, dataDir, logger: createLogger('warn') });
// With an LLM configured, the same sets also go through the LLM path (its own index when it embeds).
const llm = llmSettings(config);
const llmKb = llm
  ? await openKnowledgeBase({
      knowledgeDir: config.KNOWLEDGE_DIR,
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'support-bot-eval-llm-')),
      logger: createLogger('warn'),
      chat: await createChatModel(llm),
      ...(llm.embeddingModel ? { embeddings: await createEmbeddings(llm) } : {}),
    })
  : undefined;
const cited: { set: string; subset: string; system: string; n: number; cited: number }[] = [];

const rows: EvalRow[] = [];
let answerFailures = 0;
for (const file of files) {
  const items = readEvalSet(file);
  const set = path.basename(file, '.jsonl');
  rows.push(...(await evaluateRetrieval(kb, set, items)));
  for (const [subset, list] of [
    ['same-language', items.filter((i) => !i.crosslingual)],
    ['cross-lingual', items.filter((i) => i.crosslingual)],
  ] as const) {
    if (!list.some((i) => i.intent === 'question')) continue;
    const offline = await evaluateCitedAnswers(kb.offlineAnswerer, list);
    cited.push({ set, subset, system: 'offline', n: offline.n, cited: offline.cited });
    if (llmKb) {
      const viaLlm = await evaluateCitedAnswers(llmKb.answerer, list);
      cited.push({ set, subset, system: `llm (${llm!.chatModel})`, n: viaLlm.n, cited: viaLlm.cited });
    }
  }
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
console.log('\nAnswers with a correct citation (the passage cited contains an expected phrase)');
for (const c of cited) console.log(`${pad(c.set, 18)}${pad(c.subset, 15)}${pad(c.system, 28)}${c.cited}/${c.n}`);
if (!llmKb) console.log('(LLM path: set OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible server, to measure it too)');
fs.rmSync(dataDir, { recursive: true, force: true });
process.exitCode = answerFailures > 0 ? 1 : 0;
