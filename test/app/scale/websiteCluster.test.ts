import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotCluster, type BotCluster } from '../../helpers/botCluster.js';
import { postgresSkipReason } from '../../helpers/postgres.js';
import { ResumingDirectLineClient } from '../../helpers/resumingDirectLineClient.js';

/**
 * Issue #21: three bot processes on one PostgreSQL behind a round-robin balancer (every request
 * and every WebSocket to the next instance, no stickiness). 200 website conversations run at once
 * over Direct Line (REST + WebSocket) while every socket is dropped once and one instance is
 * SIGKILLed and restarted; each client resumes from its watermark. Afterwards every
 * conversation's stream delivered exactly its history: no id missing, none twice, in order.
 */
const skip = postgresSkipReason();
const CONVERSATIONS = Number(process.env.CLUSTER_CONVERSATIONS ?? 200);
const QUESTIONS = ['Who can help me use Atradius Insights?', 'help', 'How do I report overdue invoices?'];

let cluster: BotCluster;

/** Database-wide counters, to size PostgreSQL from what the run cost (README "Running several instances"). */
async function pgCounters(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ xact_commit: string; tup_inserted: string; tup_updated: string; tup_deleted: string; blks_read: string }>(
      'SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, blks_read FROM pg_stat_database WHERE datname = current_database()',
    );
    return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
  } finally {
    await client.end();
  }
}

async function schemaFigures(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sizes = await client.query<{ name: string; bytes: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname IN ('dl_conversations', 'dl_activities', 'bot_state', 'transcripts', 'rate_limits', 'dl_stream_tickets')`,
      [schema],
    );
    const connections = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = ''");
    return { tableBytes: Object.fromEntries(sizes.rows.map((r) => [r.name, Number(r.bytes)])), connectionsNow: Number(connections.rows[0]!.n) };
  } finally {
    await client.end();
  }
}

describe.skipIf(!!skip)('three instances behind a round-robin balancer: the website', () => {
  beforeAll(async () => {
    cluster = await startBotCluster(3);
  }, 240_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it('200 concurrent conversations survive dropped sockets and a killed instance: no activity missing, repeated or out of order', async () => {
    const before = await pgCounters(cluster.scratch.url);
    const started = Date.now();
    const clients = Array.from({ length: CONVERSATIONS }, () => new ResumingDirectLineClient(cluster.proxy.url));
    const posted = new Map<ResumingDirectLineClient, string[]>();
    let halfway!: () => void;
    const reachedHalfway = new Promise<void>((resolve) => (halfway = resolve));
    let secondDone = 0;

    const run = async (client: ResumingDirectLineClient, i: number) => {
      // Start in waves, as visitors arrive, so the kill lands mid-conversation for most of them.
      await new Promise((r) => setTimeout(r, (i % 20) * 25));
      await client.open();
      const ids: string[] = [];
      posted.set(client, ids);
      for (const [step, question] of QUESTIONS.entries()) {
        ids.push(await client.say(question));
        if (step === 1 && ++secondDone === CONVERSATIONS / 2) halfway();
      }
    };

    const all = Promise.all(clients.map((c, i) => run(c, i)));
    // Mid-run: the balancer drops every socket (all clients resume), then one instance dies and comes back.
    await reachedHalfway;
    cluster.proxy.dropSockets();
    await cluster.crashAndRestart(1);
    await all;

    const histories = await Promise.all(clients.map((c) => c.history()));
    for (const [i, client] of clients.entries()) {
      const history = histories[i]!;
      const label = `conversation ${i} (${client.conversationId})`;
      await client.waitForId(history.at(-1)!.id);
      // Ids are conversationId|sequence: strictly increasing along the history.
      const sequences = history.map((a) => Number(a.id.split('|')[1]));
      expect(sequences, label).toEqual([...sequences].sort((x, y) => x - y));
      expect(new Set(sequences).size, label).toBe(sequences.length);
      // The streams (across every reconnect) delivered exactly the history, in order, once each.
      expect(client.repeated, label).toEqual([]);
      expect(client.received.map((a) => a.id), label).toEqual(history.map((a) => a.id));
      // Every accepted post is there, followed by the bot's answer to it.
      for (const id of posted.get(client)!) {
        const at = history.findIndex((a) => a.id === id);
        expect(at, `${label}: posted ${id}`).toBeGreaterThanOrEqual(0);
        expect(history.slice(at + 1).some((a) => a.from.role === 'bot'), `${label}: answer to ${id}`).toBe(true);
      }
      // The welcome came first.
      expect(history[0]!.from.role, label).toBe('bot');
    }
    for (const c of clients) c.close();

    // Every instance served requests; the figures go to test-artifacts/ for the README's sizing.
    expect([...cluster.proxy.served.values()].filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    const after = await pgCounters(cluster.scratch.url);
    const figures = {
      conversations: CONVERSATIONS,
      messagesPerConversation: QUESTIONS.length,
      keptActivities: histories.reduce((sum, h) => sum + h.length, 0),
      seconds: (Date.now() - started) / 1000,
      reconnects: clients.reduce((sum, c) => sum + c.events.reconnects, 0),
      postRetries: clients.reduce((sum, c) => sum + c.events.postRetries, 0),
      requestsPerInstance: [...cluster.proxy.served.values()],
      // Database-wide (other tests may share the server): an upper bound of this run's cost.
      postgres: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)])),
      ...(await schemaFigures(cluster.scratch.url, cluster.scratch.schema)),
    };
    fs.mkdirSync('test-artifacts', { recursive: true });
    fs.writeFileSync(path.join('test-artifacts', 'website-cluster-load.json'), `${JSON.stringify(figures, null, 2)}\n`);
  }, 240_000);
});
