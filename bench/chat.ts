import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { EVAL_SETS, questionsOf } from './evalQueries.js';
import { FULL_HISTORY, SMOKE_HISTORY, type HistorySizes } from './historySeed.js';
import { ratio, summarise, type LatencySummary } from './stats.js';

/**
 * Chat throughput and latency: autocannon POSTs Bot Framework activities (deliveryMode
 * expectReplies, so each response carries the bot's replies) to /api/messages of a server
 * running in its own process, for each scenario and number of concurrent connections.
 */

type TargetKind = 'echo' | 'floor' | 'app' | 'app-history';

/** What one scenario sends: the text of a conversation's next message. */
export interface ChatScenario {
  name: string;
  label: string;
  /** Which server answers it. */
  target: TargetKind;
  /** The text of the `turn`-th message (0-based) of a conversation; `seq` counts all requests. */
  nextText(turn: number, seq: number): string;
  /** Does a response body show the turn worked (an echo, a cited answer, a dialog prompt)? */
  isSuccess(body: string): boolean;
}

export const echoScenario: ChatScenario = {
  name: 'echo',
  label: 'echo bot (restify + CloudAdapter only)',
  target: 'echo',
  nextText: (_turn, seq) => `hello ${seq}`,
  isSuccess: (body) => body.includes('echo: hello'),
};

/**
 * The cost floor of a Q&A turn on the same questions: echo + query embedding + HNSW k=20 + one
 * BM25 query + one state write (bench/floorBot.ts). The app's CPU per turn is read against it.
 */
export function floorScenario(): ChatScenario {
  const questions = questionsOf(EVAL_SETS.public).map((item) => item.text);
  return {
    name: 'floor',
    label: 'floor: echo + embedding + hnsw k=20 + BM25 + state write',
    target: 'floor',
    nextText: (_turn, seq) => questions[seq % questions.length]!,
    isSuccess: (body) => body.includes('floor: '),
  };
}

/** Q&A turns through the real app, rotating over the public evaluation questions (cs and en). */
export function qaScenario(target: 'app' | 'app-history' = 'app'): ChatScenario {
  const questions = questionsOf(EVAL_SETS.public).map((item) => item.text);
  return {
    name: target === 'app' ? 'qa' : 'qa-history',
    label: target === 'app' ? 'Q&A turns (real app, cited answers)' : 'Q&A turns, database with history',
    target,
    nextText: (_turn, seq) => questions[seq % questions.length]!,
    // A grounded answer carries a [1] citation marker.
    isSuccess: (body) => body.includes('[1]'),
  };
}

/** A whole claim report, answer by answer; a conversation that reaches the end starts the next one. */
const CLAIM_SCRIPT = [
  'Chci nahlásit škodnou událost',
  'CZ-2024-10001',
  'ACME s.r.o.',
  'CZ',
  '27074358',
  'přeskočit',
  'F-1',
  '1. 9. 2026',
  '1. 10. 2026',
  '20 000 Kč',
  'vše',
  'ne',
  'ne',
  'upomínky',
  'ne',
  'insolvence',
  'ne',
  'hotovo',
  'Jan Novák',
  'jan@acme.cz',
  'Potvrdit',
];

/** Report-dialog turns: the scripted claim through the real app (SQLite state, filing included). */
export function reportDialogScenario(target: 'app' | 'app-history' = 'app'): ChatScenario {
  return {
    name: target === 'app' ? 'report' : 'report-history',
    label: target === 'app' ? 'report-dialog turns (claim form, SQLite state)' : 'report-dialog turns, database with history',
    target,
    nextText: (turn) => CLAIM_SCRIPT[turn % CLAIM_SCRIPT.length]!,
    // Every step answers with a message; an apology would mean the turn failed.
    isSuccess: (body) => body.includes('"type":"message"') && !body.includes('na mé straně se něco pokazilo'),
  };
}

export interface ChatCell {
  connections: number;
  seconds: number;
  requests: number;
  messagesPerSecond: number;
  latency: LatencySummary;
  /** Share of 2xx responses whose body shows the turn worked (see ChatScenario.isSuccess). */
  successShare: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** messagesPerSecond / echo's at the same number of connections. */
  ratioToEcho?: number;
  /** CPU time of the server process (user + system, from /proc) per request, in ms. */
  cpuMsPerTurn?: number;
}

export interface ChatScenarioResult {
  name: string;
  label: string;
  available: boolean;
  note?: string;
  cells: ChatCell[];
  /** Server CPU per turn over all its cells (sum of CPU / sum of requests), in ms. */
  cpuMsPerTurn?: number;
  /** cpuMsPerTurn / the floor's. */
  cpuToFloor?: number;
}

/** Per-turn CPU on an empty database beside one seeded with history, same scenario, same run. */
export interface HistoryRow {
  scenario: string;
  emptyCpuMs: number;
  seededCpuMs: number;
  /** seeded / empty − 1. */
  change: number;
}

export interface ChatResult {
  secondsPerCell: number;
  connections: number[];
  scenarios: ChatScenarioResult[];
  targets: { throughputShareAt32: number; p95Ms: number; cpuToFloor: number; historyChange: number };
  /** Resident memory of each server process once it was ready, in bytes. */
  serverRss: Record<string, number>;
  /** The seeded database's sizes and how long seeding took. */
  history?: { sizes: HistorySizes; seedMs?: number; rows: HistoryRow[] };
}

interface RunningTarget {
  port: number;
  rss: number;
  /** The server's process id, whose CPU time /proc reports. */
  pid: number;
  seedMs?: number;
  stop(): Promise<void>;
}

/** Rounds of single-connection cells that the CPU per turn is summed over. */
const CPU_ROUNDS = 6;

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux (getconf CLK_TCK)

/** User + system CPU seconds of a process so far (fields 14 and 15 of /proc/<pid>/stat), or undefined off Linux. */
export function processCpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

const targetScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chatTarget.ts');

/** Starts `bench/chatTarget.ts <kind>` and waits for the port it prints. */
function startTarget(kind: TargetKind, smoke: boolean): Promise<RunningTarget> {
  const child = spawn(process.execPath, ['--import', 'tsx', targetScript, kind, ...(smoke ? ['--smoke'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const { port, rss, seedMs } = JSON.parse(line) as { port: number; rss: number; seedMs?: number };
      resolve({
        port,
        rss,
        pid: child.pid!,
        ...(seedMs !== undefined ? { seedMs } : {}),
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`chat target "${kind}" exited with ${code} before it was ready:\n${stderr}`)));
  });
}

/** A Bot Framework message as a channel posts it, asking for the replies in the response. */
function messageBody(text: string, conversationId: string, seq: number): string {
  return JSON.stringify({
    type: 'message',
    id: `bench-${seq}`, // unique: the app replays a repeated activity id instead of running the turn
    text,
    channelId: 'bench',
    serviceUrl: 'http://127.0.0.1:9', // never called: expectReplies returns the replies in the response
    deliveryMode: 'expectReplies',
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}` },
    recipient: { id: 'bot' },
  });
}

/**
 * Conversations are leased to one request at a time: a connection takes a free conversation for
 * its request and gives it back with the response. So there are about as many conversations as
 * connections, none is ever used by two requests at once (like a person waiting for the reply),
 * and each advances turn by turn. (autocannon resets a connection's context when it loops over
 * its request list, so the context alone cannot hold a conversation for the whole run.)
 */
class ConversationPool {
  private readonly free: { id: string; turn: number }[] = [];
  private created = 0;

  constructor(private readonly prefix: string) {}

  lease(): { id: string; turn: number } {
    return this.free.pop() ?? { id: `${this.prefix}-${++this.created}`, turn: 0 };
  }

  release(conversation: { id: string; turn: number }): void {
    conversation.turn++;
    this.free.push(conversation);
  }
}

let runCounter = 0;
/**
 * One pool per scenario for the whole run: a conversation goes on where its last cell left it,
 * so the short one-conversation cells walk through the whole claim script, not its first steps only.
 */
const pools = new Map<string, ConversationPool>();

async function measureCell(target: RunningTarget, scenario: ChatScenario, connections: number, seconds: number): Promise<ChatCell> {
  const port = target.port;
  let pool = pools.get(scenario.name);
  if (!pool) pools.set(scenario.name, (pool = new ConversationPool(`${scenario.name}-${process.pid}-${++runCounter}`)));
  const latencies: number[] = [];
  let seq = 0;
  let succeeded = 0;
  type Context = { conversation?: { id: string; turn: number } };

  const options: autocannon.Options = {
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          const conversation = pool.lease();
          (context as Context).conversation = conversation;
          const n = ++seq;
          return { ...request, body: messageBody(scenario.nextText(conversation.turn, n), conversation.id, n) };
        },
        onResponse: (status, body, context) => {
          if (status >= 200 && status < 300 && scenario.isSuccess(body)) succeeded++;
          const conversation = (context as Context).conversation;
          if (conversation) pool.release(conversation);
        },
      },
    ],
  };
  const cpuBefore = processCpuSeconds(target.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolve(finished)));
    // Every response time, for percentiles autocannon does not report (p95).
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const cpuAfter = processCpuSeconds(target.pid);
  const ok = result['2xx'];
  const total = result.requests.total;
  return {
    ...(cpuBefore !== undefined && cpuAfter !== undefined && total > 0 ? { cpuMsPerTurn: ((cpuAfter - cpuBefore) * 1000) / total } : {}),
    connections,
    seconds: result.duration,
    requests: result.requests.total,
    messagesPerSecond: ok / result.duration,
    latency: summarise(latencies),
    successShare: ok ? succeeded / ok : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** One request, to fail early and clearly when a scenario does not work at all. */
async function checkOnce(port: number, scenario: ChatScenario): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: messageBody(scenario.nextText(0, 0), `${scenario.name}-check`, 0),
  });
  const body = await res.text();
  if (!res.ok || !scenario.isSuccess(body)) throw new Error(`${scenario.label}: the first request failed (${res.status}): ${body.slice(0, 300)}`);
}

export interface ChatBenchOptions {
  secondsPerCell: number;
  connections: number[];
  /** Small history sizes (the smoke run). */
  smoke?: boolean;
  /** Progress lines for the terminal. */
  log?: (line: string) => void;
}

export async function runChatBench(options: ChatBenchOptions): Promise<ChatResult> {
  const log = options.log ?? (() => undefined);
  const smoke = options.smoke ?? false;
  const scenarios = [echoScenario, floorScenario(), qaScenario(), reportDialogScenario(), qaScenario('app-history'), reportDialogScenario('app-history')];
  const results: ChatScenarioResult[] = [];
  const serverRss: Record<string, number> = {};
  let seedMs: number | undefined;

  // Every server runs from the start, and the cells of all scenarios are interleaved (each
  // number of connections for every scenario in turn, then rounds of single-connection cells
  // for the CPU per turn): on a shared machine the load changes by the minute, and scenarios
  // measured minutes apart would not compare.
  const targets = new Map<TargetKind, RunningTarget>();
  try {
    for (const kind of [...new Set(scenarios.map((sc) => sc.target))]) {
      log(`  chat: starting the ${kind} server…`);
      const target = await startTarget(kind, smoke);
      targets.set(kind, target);
      serverRss[kind] = target.rss;
      if (target.seedMs !== undefined) seedMs = target.seedMs;
    }
    for (const scenario of scenarios) {
      const target = targets.get(scenario.target)!;
      await checkOnce(target.port, scenario);
      // Warm-up (JIT, SQLite pages, connection setup), not counted.
      await measureCell(target, scenario, 8, Math.min(2, options.secondsPerCell));
    }
    const cells = new Map<string, ChatCell[]>(scenarios.map((sc) => [sc.name, []]));
    for (const connections of options.connections) {
      for (const scenario of scenarios) {
        log(`  chat: ${scenario.name} at ${connections} connection(s)…`);
        const target = targets.get(scenario.target)!;
        let cell = await measureCell(target, scenario, connections, options.secondsPerCell);
        // A cell shorter than one slow turn (the smoke run's, on a busy machine) measures nothing: once more, longer.
        if (cell.requests === 0) cell = await measureCell(target, scenario, connections, Math.max(2, options.secondsPerCell * 4));
        cells.get(scenario.name)!.push(cell);
      }
    }
    // CPU per turn: one conversation at a time (no queueing), scenario after scenario, in rounds.
    const cpuCells = new Map<string, ChatCell[]>(scenarios.map((sc) => [sc.name, []]));
    const rounds = smoke ? 1 : CPU_ROUNDS;
    for (let round = 0; round < rounds; round++) {
      log(`  chat: CPU per turn, round ${round + 1} of ${rounds}…`);
      for (const scenario of scenarios) cpuCells.get(scenario.name)!.push(await measureCell(targets.get(scenario.target)!, scenario, 1, Math.max(0.5, options.secondsPerCell / 2)));
    }
    for (const scenario of scenarios) results.push({ name: scenario.name, label: scenario.label, available: true, cells: cells.get(scenario.name)!, ...cpuOverCells(cpuCells.get(scenario.name)!) });
  } finally {
    for (const target of targets.values()) await target.stop();
  }

  const echo = results.find((r) => r.name === 'echo')!;
  const floor = results.find((r) => r.name === 'floor');
  for (const result of results) {
    for (const cell of result.cells) {
      const base = echo.cells.find((c) => c.connections === cell.connections);
      if (base) cell.ratioToEcho = ratio(cell.messagesPerSecond, base.messagesPerSecond);
    }
    if (result.cpuMsPerTurn !== undefined && floor?.cpuMsPerTurn) result.cpuToFloor = result.cpuMsPerTurn / floor.cpuMsPerTurn;
  }
  const rows: HistoryRow[] = [];
  for (const name of ['qa', 'report']) {
    const empty = results.find((r) => r.name === name)?.cpuMsPerTurn;
    const seeded = results.find((r) => r.name === `${name}-history`)?.cpuMsPerTurn;
    if (empty !== undefined && seeded !== undefined) rows.push({ scenario: name, emptyCpuMs: empty, seededCpuMs: seeded, change: seeded / empty - 1 });
  }
  return {
    secondsPerCell: options.secondsPerCell,
    connections: options.connections,
    scenarios: results,
    targets: { throughputShareAt32: 0.35, p95Ms: 40, cpuToFloor: 1.5, historyChange: 0.1 },
    serverRss,
    history: { sizes: smoke ? SMOKE_HISTORY : FULL_HISTORY, ...(seedMs !== undefined ? { seedMs } : {}), rows },
  };
}

/** CPU per turn over a scenario's cells: CPU of all of them over all their requests. */
function cpuOverCells(cells: ChatCell[]): { cpuMsPerTurn?: number } {
  let cpuMs = 0;
  let requests = 0;
  for (const cell of cells) {
    if (cell.cpuMsPerTurn === undefined) return {};
    cpuMs += cell.cpuMsPerTurn * cell.requests;
    requests += cell.requests;
  }
  return requests ? { cpuMsPerTurn: cpuMs / requests } : {};
}
