import { describeSubject, type AuditEntry, type ErasureReport, type ErasureSubject, type PrivacyStore } from '../../privacy/privacyStore.js';
import { stateKeyPattern } from '../likePattern.js';
import { GroupCommit } from './groupCommit.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

export class SqlitePrivacyStore implements PrivacyStore {
  constructor(
    private readonly db: SqliteDatabase,
    /** The group commit of the other stores: their pending rows are written before they are erased. */
    private readonly writes = new GroupCommit(db),
  ) {}

  async erase(subject: ErasureSubject, actor: string, at: Date): Promise<ErasureReport> {
    this.writes.flush();
    const run = this.db.transaction((): ErasureReport => {
      const users = new Set<string>(subject.userId ? [subject.userId] : []);
      const conversations = new Set<string>();
      const caseRows = this.db
        .prepare<[string, string], { reference: string; user_id: string; conv: string | null }>(
          "SELECT reference, user_id, json_extract(record, '$.conversationReference.conversation.id') AS conv FROM cases WHERE client_id = ? OR user_id = ?",
        )
        .all(subject.clientId ?? '\u0000', subject.userId ?? '\u0000');
      const ticketRows = this.db
        .prepare<[string, string], { id: string; conversation_id: string; user_id: string }>(
          "SELECT id, conversation_id, json_extract(record, '$.userId') AS user_id FROM handoff_tickets WHERE json_extract(record, '$.clientId') = ? OR json_extract(record, '$.userId') = ?",
        )
        .all(subject.clientId ?? '\u0000', subject.userId ?? '\u0000');
      for (const r of caseRows) {
        users.add(r.user_id);
        if (r.conv) conversations.add(r.conv);
      }
      for (const r of ticketRows) {
        users.add(r.user_id);
        conversations.add(r.conversation_id);
      }
      for (const u of users) {
        for (const c of this.db.prepare<[string], { conversation_id: string }>('SELECT DISTINCT conversation_id FROM transcripts WHERE user_id = ?').all(u)) conversations.add(c.conversation_id);
      }
      let transcriptEntries = 0;
      let conversationStates = 0;
      for (const u of users) transcriptEntries += this.db.prepare('DELETE FROM transcripts WHERE user_id = ?').run(u).changes;
      for (const c of conversations) {
        transcriptEntries += this.db.prepare('DELETE FROM transcripts WHERE conversation_id = ?').run(c).changes;
        conversationStates += this.db.prepare("DELETE FROM bot_state WHERE key LIKE ? ESCAPE '\\'").run(stateKeyPattern('conversations', c)).changes;
        // The analytics answer log (already redacted) goes too: it is still that client's conversation.
        this.db.prepare('DELETE FROM answer_log WHERE conversation_id = ?').run(c);
      }
      for (const u of users) conversationStates += this.db.prepare("DELETE FROM bot_state WHERE key LIKE ? ESCAPE '\\'").run(stateKeyPattern('users', u)).changes;
      // Who the users were verified as, and their one-time codes: personal data of the same people.
      // The files they uploaded on the website (stored with their cases) go with the cases and conversations.
      for (const u of users) this.db.prepare('DELETE FROM uploads WHERE user_id = ?').run(u);
      for (const c of conversations) this.db.prepare('DELETE FROM uploads WHERE conversation_id = ?').run(c);
      for (const u of users) {
        this.db.prepare('DELETE FROM identity_bindings WHERE user_id = ?').run(u);
        this.db.prepare('DELETE FROM one_time_codes WHERE user_id = ?').run(u);
      }
      if (subject.clientId) {
        this.db.prepare("DELETE FROM identity_bindings WHERE json_extract(client, '$.clientId') = ?").run(subject.clientId);
        this.db.prepare('DELETE FROM one_time_codes WHERE client_id = ?').run(subject.clientId);
      }
      for (const t of ticketRows) this.db.prepare('DELETE FROM relay_messages WHERE ticket_id = ?').run(t.id);
      const handoffs = ticketRows.reduce((n, t) => n + this.db.prepare('DELETE FROM handoff_tickets WHERE id = ?').run(t.id).changes, 0);
      const cases = caseRows.reduce((n, r) => n + this.db.prepare('DELETE FROM cases WHERE reference = ?').run(r.reference).changes, 0);
      const report = { cases, handoffs, transcriptEntries, conversationStates };
      this.db.prepare('INSERT INTO privacy_audit (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)').run(at.toISOString(), actor, 'erase', describeSubject(subject), JSON.stringify(report));
      return report;
    });
    return run.immediate();
  }

  async audit(limit = 100): Promise<AuditEntry[]> {
    return this.db
      .prepare<[number], { at: string; actor: string; action: string; subject: string; details: string }>('SELECT at, actor, action, subject, details FROM privacy_audit ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
  }
}
