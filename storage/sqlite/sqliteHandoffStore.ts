import type { HandoffStatus, HandoffStore, HandoffTicket, RelayMessage } from '../../handoff/types.js';
import { statementCache, type SqliteDatabase } from './sqliteDatabase.js';

interface MessageRow {
  id: number;
  ticket_id: string;
  direction: RelayMessage['direction'];
  author: string;
  text: string;
  at: string;
  delivered_at: string | null;
}

const toMessage = (r: MessageRow): RelayMessage => ({
  id: r.id,
  ticketId: r.ticket_id,
  direction: r.direction,
  author: r.author,
  text: r.text,
  at: r.at,
  ...(r.delivered_at ? { deliveredAt: r.delivered_at } : {}),
});

export class SqliteHandoffStore implements HandoffStore {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = statementCache(db);
  }

  async create(ticket: HandoffTicket): Promise<void> {
    this.sql('INSERT INTO handoff_tickets (id, status, conversation_id, assigned_to, team, record, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(ticket.id, ticket.status, ticket.conversationId, ticket.assignedTo, ticket.team, JSON.stringify(ticket), ticket.createdAt, ticket.updatedAt);
  }

  async get(id: string): Promise<HandoffTicket | undefined> {
    const row = this.sql<[string], { record: string }>('SELECT record FROM handoff_tickets WHERE id = ?').get(id);
    return row ? (JSON.parse(row.record) as HandoffTicket) : undefined;
  }

  async openForConversation(conversationId: string): Promise<HandoffTicket | undefined> {
    const row = this.sql<[string], { record: string }>("SELECT record FROM handoff_tickets WHERE conversation_id = ? AND status IN ('requested', 'waiting', 'connected') ORDER BY created_at DESC LIMIT 1")
      .get(conversationId);
    return row ? (JSON.parse(row.record) as HandoffTicket) : undefined;
  }

  async lastEndedForConversation(conversationId: string): Promise<HandoffTicket | undefined> {
    const row = this.sql<[string], { record: string }>("SELECT record FROM handoff_tickets WHERE conversation_id = ? AND status = 'ended' ORDER BY created_at DESC LIMIT 1").get(conversationId);
    return row ? (JSON.parse(row.record) as HandoffTicket) : undefined;
  }

  async update(ticket: HandoffTicket, expected: HandoffStatus): Promise<boolean> {
    const result = this.sql('UPDATE handoff_tickets SET status = ?, assigned_to = ?, team = ?, record = ?, updated_at = ? WHERE id = ? AND status = ?')
      .run(ticket.status, ticket.assignedTo, ticket.team, JSON.stringify(ticket), ticket.updatedAt, ticket.id, expected);
    return result.changes === 1;
  }

  async list(filter: { statuses?: HandoffStatus[]; assignedTo?: string[]; teams?: string[] }): Promise<HandoffTicket[]> {
    const where: string[] = [];
    const params: string[] = [];
    const inList = (column: string, values: string[]) => {
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    if (filter.statuses?.length) inList('status', filter.statuses);
    const scope: string[] = [];
    if (filter.assignedTo?.length) {
      scope.push(`assigned_to IN (${filter.assignedTo.map(() => '?').join(', ')})`);
      params.push(...filter.assignedTo);
    }
    if (filter.teams?.length) {
      scope.push(`team IN (${filter.teams.map(() => '?').join(', ')})`);
      params.push(...filter.teams);
    }
    if (scope.length) where.push(`(${scope.join(' OR ')})`);
    const sql = `SELECT record FROM handoff_tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at`;
    return (this.sql(sql).all(...params) as { record: string }[]).map((r) => JSON.parse(r.record) as HandoffTicket);
  }

  async addMessage(message: Omit<RelayMessage, 'id'>): Promise<RelayMessage> {
    const result = this.sql('INSERT INTO relay_messages (ticket_id, direction, author, text, at, delivered_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(message.ticketId, message.direction, message.author, message.text, message.at, message.deliveredAt ?? null);
    return { ...message, id: Number(result.lastInsertRowid) };
  }

  async messages(ticketId: string): Promise<RelayMessage[]> {
    return this.sql<[string], MessageRow>('SELECT * FROM relay_messages WHERE ticket_id = ? ORDER BY id').all(ticketId).map(toMessage);
  }

  async undelivered(direction: RelayMessage['direction'], ticketId?: string): Promise<RelayMessage[]> {
    const rows = ticketId
      ? this.sql<[string, string], MessageRow>('SELECT * FROM relay_messages WHERE direction = ? AND ticket_id = ? AND delivered_at IS NULL ORDER BY id').all(direction, ticketId)
      : this.sql<[string], MessageRow>('SELECT * FROM relay_messages WHERE direction = ? AND delivered_at IS NULL ORDER BY id').all(direction);
    return rows.map(toMessage);
  }

  async markDelivered(ids: number[], at: string): Promise<void> {
    const mark = this.sql('UPDATE relay_messages SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL');
    this.db.transaction(() => ids.forEach((id) => mark.run(at, id)))();
  }
}
