/**
 * A value made literal inside a LIKE pattern: `%`, `_` and the escape character itself are
 * escaped with a backslash (PostgreSQL's default escape; SQLite needs `ESCAPE '\'`). Ids come
 * from clients: an id of "%" must match the conversation "%", not every conversation.
 */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The bot_state keys of a conversation or a user (botbuilder's `channel/conversations/id/`). */
export function stateKeyPattern(kind: 'conversations' | 'users', id: string): string {
  return `%/${kind}/${escapeLike(id)}/%`;
}
