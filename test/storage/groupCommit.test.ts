import { describe, expect, it } from 'vitest';
import { sqliteMigrations } from '../../storage/sqlite/migrations.js';
import { GroupCommit } from '../../storage/sqlite/groupCommit.js';
import { openSqlite } from '../../storage/sqlite/sqliteDatabase.js';
import { SqliteTranscriptStore } from '../../storage/sqlite/sqliteTranscriptStore.js';
import { SqliteProcessedActivities } from '../../storage/sqlite/sqliteProcessedActivities.js';
import { SqliteInsightsStore } from '../../storage/sqlite/sqliteInsightsStore.js';

const message = (text: string, conversation = 'c1') =>
  ({ type: 'message', text, channelId: 'test', conversation: { id: conversation }, from: { id: 'u1' }, recipient: { id: 'bot' }, timestamp: '2026-11-25T10:00:00.000Z' }) as never;

function setup() {
  const db = openSqlite(':memory:', sqliteMigrations);
  const writes = new GroupCommit(db);
  return { db, writes, transcripts: new SqliteTranscriptStore(db, writes), processed: new SqliteProcessedActivities(db, writes), insights: new SqliteInsightsStore(db, writes) };
}

describe('group commit of a turn\'s writes (SQLite)', () => {
  it('commits the writes issued together in one transaction, and each caller learns when it is written', async () => {
    const { db, writes, transcripts, processed, insights } = setup();
    await processed.claim('c1', 'a1', new Date(), 30_000);
    const before = writes.commits;
    await Promise.all([
      transcripts.logActivity(message('question')),
      transcripts.logActivity(message('answer')),
      insights.recordAnswer({ id: 'ans-1', conversationId: 'c1', channelId: 'test', activityId: 'r1', language: 'cs', kind: 'answer', question: 'q', answer: 'a [1]', citations: [], createdAt: '2026-11-25T10:00:00.000Z' }),
      processed.complete('c1', 'a1', [{ type: 'message', text: 'answer' }]),
    ]);
    expect(writes.commits - before).toBe(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM transcripts').get() as { n: number }).n).toBe(2);
    expect(await processed.claim('c1', 'a1', new Date(), 30_000)).toEqual({ state: 'done', replies: [{ type: 'message', text: 'answer' }] });
    expect(await insights.getAnswer('ans-1')).toMatchObject({ id: 'ans-1' });
  });

  it('lets a reader see a write issued just before it (flush first)', async () => {
    const { transcripts } = setup();
    void transcripts.logActivity(message('not yet committed'));
    expect((await transcripts.recentMessages('test', 'c1')).map((a) => a.text)).toEqual(['not yet committed']);
  });

  it('rolls back and reports a failing write alone; the others of its batch are committed', async () => {
    const { db, writes, transcripts } = setup();
    const failing = writes.run(() => {
      db.prepare('INSERT INTO transcripts (channel_id, conversation_id, user_id, at, activity) VALUES (?, ?, ?, ?, ?)').run('test', 'c1', 'u1', 'now', '{"type":"message","text":"half"}');
      throw new Error('constraint');
    });
    const ok = transcripts.logActivity(message('kept'));
    await expect(failing).rejects.toThrow('constraint');
    await ok;
    expect((await transcripts.recentMessages('test', 'c1')).map((a) => a.text)).toEqual(['kept']);
  });
});
