/** Whose data to erase: a client company (all its cases and conversations) or one channel user. */
export interface ErasureSubject {
  clientId?: string;
  userId?: string;
}

export interface ErasureReport {
  cases: number;
  handoffs: number;
  transcriptEntries: number;
  conversationStates: number;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

/**
 * Erasure on request and its audit trail. One implementation per database, because an erasure
 * must touch every table in one transaction: a half-erased client is worse than none.
 */
export interface PrivacyStore {
  erase(subject: ErasureSubject, actor: string, at: Date): Promise<ErasureReport>;
  audit(limit?: number): Promise<AuditEntry[]>;
}

export function describeSubject(subject: ErasureSubject): string {
  return [subject.clientId ? `client:${subject.clientId}` : '', subject.userId ? `user:${subject.userId}` : ''].filter(Boolean).join(' ');
}
