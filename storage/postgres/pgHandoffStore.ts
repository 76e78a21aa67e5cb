import type { HandoffStatus, HandoffStore, HandoffTicket, RelayMessage } from '../../handoff/types.js';
import type { PgPool } from './pgDatabase.js';

/** Instances listen on this channel; a message for a client wakes them to deliver it. */
export const RELAY_CHANNEL = 'support_bot_relay';

interface MessageRow {
  id: string;
  ticket_id: string;
  direction: RelayMessage['direction'];
  author: string;
  text: string;
  at: Date;
  delivered_at: Date | null;
}

const toMessage = (r: MessageRow): RelayMessage => ({
  id: Number(r.id),
  ticketId: r.ticket_id,
  direction: r.direction,
  author: r.author,
  text: r.text,
  at: r.at.toISOString(),
  ...(r.delivered_at ? { deliveredAt: r.delivered_at.toISOString() } : {}),
});

export class PgHandoffStore implements HandoffStore {
  constructor(private readonly pool: PgPool) {}

  async create(ticket: HandoffTicket): Promise<void> {
    await this.pool.query('INSERT INTO handoff_tickets (id, status, conversation_id, assigned_to, team, record, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      ticket.id,
      ticket.status,
      ticket.conversationId,
      ticket.assignedTo,
      ticket.team,
      ticket,
      ticket.createdAt,
      ticket.updatedAt,
    ]);
  }

  async get(id: string): Promise<HandoffTicket | undefined> {
    const { rows } = await this.pool.query<{ record: HandoffTicket }>('SELECT record FROM handoff_tickets WHERE id = $1', [id]);
    return rows[0]?.record;
  }

  async openForConversation(conversationId: string): Promise<HandoffTicket | undefined> {
    const { rows } = await this.pool.query<{ record: HandoffTicket }>(
      "SELECT record FROM handoff_tickets WHERE conversation_id = $1 AND status IN ('requested', 'waiting', 'connected') ORDER BY created_at DESC LIMIT 1",
      [conversationId],
    );
    return rows[0]?.record;
  }

  async lastEndedForConversation(conversationId: string): Promise<HandoffTicket | undefined> {
    const { rows } = await this.pool.query<{ record: HandoffTicket }>(
      "SELECT record FROM handoff_tickets WHERE conversation_id = $1 AND status = 'ended' ORDER BY created_at DESC LIMIT 1",
      [conversationId],
    );
    return rows[0]?.record;
  }

  async update(ticket: HandoffTicket, expected: HandoffStatus): Promise<boolean> {
    const result = await this.pool.query('UPDATE handoff_tickets SET status = $1, assigned_to = $2, team = $3, record = $4, updated_at = $5 WHERE id = $6 AND status = $7', [
      ticket.status,
      ticket.assignedTo,
      ticket.team,
      ticket,
      ticket.updatedAt,
      ticket.id,
      expected,
    ]);
    return result.rowCount === 1;
  }

  async list(filter: { statuses?: HandoffStatus[]; assignedTo?: string[]; teams?: string[] }): Promise<HandoffTicket[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.statuses?.length) {
      params.push(filter.statuses);
      where.push(`status = ANY($${params.length})`);
    }
    const scope: string[] = [];
    if (filter.assignedTo?.length) {
      params.push(filter.assignedTo);
      scope.push(`assigned_to = ANY($${params.length})`);
    }
    if (filter.teams?.length) {
      params.push(filter.teams);
      scope.push(`team = ANY($${params.length})`);
    }
    if (scope.length) where.push(`(${scope.join(' OR ')})`);
    const { rows } = await this.pool.query<{ record: HandoffTicket }>(`SELECT record FROM handoff_tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at`, params);
    return rows.map((r) => r.record);
  }

  async addMessage(message: Omit<RelayMessage, 'id'>): Promise<RelayMessage> {
    const { rows } = await this.pool.query<MessageRow>('INSERT INTO relay_messages (ticket_id, direction, author, text, at, delivered_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *', [
      message.ticketId,
      message.direction,
      message.author,
      message.text,
      message.at,
      message.deliveredAt ?? null,
    ]);
    // Whichever instance can reach the other side delivers it (see PgRelayListener).
    await this.pool.query('SELECT pg_notify($1, $2)', [RELAY_CHANNEL, JSON.stringify({ ticketId: message.ticketId, direction: message.direction })]);
    return toMessage(rows[0]!);
  }

  async messages(ticketId: string): Promise<RelayMessage[]> {
    const { rows } = await this.pool.query<MessageRow>('SELECT * FROM relay_messages WHERE ticket_id = $1 ORDER BY id', [ticketId]);
    return rows.map(toMessage);
  }

  async undelivered(direction: RelayMessage['direction'], ticketId?: string): Promise<RelayMessage[]> {
    const { rows } = ticketId
      ? await this.pool.query<MessageRow>('SELECT * FROM relay_messages WHERE direction = $1 AND ticket_id = $2 AND delivered_at IS NULL ORDER BY id', [direction, ticketId])
      : await this.pool.query<MessageRow>('SELECT * FROM relay_messages WHERE direction = $1 AND delivered_at IS NULL ORDER BY id', [direction]);
    return rows.map(toMessage);
  }

  async markDelivered(ids: number[], at: string): Promise<void> {
    if (ids.length) await this.pool.query('UPDATE relay_messages SET delivered_at = $2 WHERE id = ANY($1) AND delivered_at IS NULL', [ids, at]);
  }
}
