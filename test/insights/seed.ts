import type { HandoffStatus, HandoffTicket } from '../../handoff/types.js';
import type { SqliteInsightsStore } from '../../storage/sqlite/sqliteInsightsStore.js';
import type { AnswerRecord, Rating, StoredCitation } from '../../insights/types.js';
import type { SqliteHandoffStore } from '../../storage/sqlite/sqliteHandoffStore.js';
import type { SqliteDatabase } from '../../storage/sqlite/sqliteDatabase.js';

/**
 * The seeded test data of the insights dashboard: a month of questions (some unanswered in a
 * few recurring topics, some answers rated 👍/👎 with comments), report forms (filed, cancelled,
 * abandoned, in progress), handoffs (accepted after a wait, no answer, out of hours) with ratings.
 * Times are relative to `now`, so the default period (the last 30 days) covers them.
 */
export const SEED = {
  /** Topics of the unanswered and disliked questions, as the dashboard should group them. */
  gapTopics: {
    creditCard: ['Can I pay the premium by credit card?', 'Is it possible to pay the insurance premium with a credit card?', 'pay premium with card?'],
    cardCs: ['Lze platit pojistné kartou?', 'Je možné zaplatit pojistné kartou?'],
    app: ['Is there a mobile app for Atrium?', 'Does Atrium have a mobile app?', 'Atrium app for iPhone?'],
    discount: ['Can I get a discount on the premium?', 'Do you offer a discount on the premium for long-term clients?', 'Is there any premium discount for loyal customers?'],
    claimDisliked: ['How do I report a claim?', 'How can I report a claim online?'],
  },
  outOfScope: ['What is the weather in Prague?', 'What is the weather in Prague today?', 'Who won the football match yesterday?'],
};

const claimDoc: StoredCitation = { position: 1, source: 'en/reporting-a-claim.md', title: 'Reporting a claim', section: 'How to report', passage: 'Report a claim through Atrium or to your customer-service manager …' };
const contactsDoc: StoredCitation = { position: 1, source: 'en/contacts.md', title: 'Contacts', section: 'Head office', passage: 'Atradius, David Ricardostraat 1, Amsterdam …' };

const ago = (now: Date, days: number, minutes = 0) => new Date(now.getTime() - days * 86_400_000 - minutes * 60_000).toISOString();

let answerSeq = 0;
function answer(now: Date, o: Partial<AnswerRecord> & Pick<AnswerRecord, 'question' | 'kind'>, daysAgo: number): AnswerRecord {
  answerSeq++;
  return {
    id: `seed-answer-${answerSeq}`,
    conversationId: `seed-conv-${answerSeq}`,
    channelId: 'webchat',
    language: /[ěščřžýáíéůú]|^(lze|je možné)/i.test(o.question) ? 'cs' : 'en',
    answer: o.kind === 'answer' ? 'An answer [1]' : 'I am sorry, I could not find a reliable answer …',
    citations: o.kind === 'answer' ? [claimDoc] : [],
    createdAt: ago(now, daysAgo),
    ...o,
  };
}

function ticket(now: Date, id: string, daysAgo: number, statuses: [HandoffStatus, number][], extra: Partial<HandoffTicket> = {}): HandoffTicket {
  const start = new Date(ago(now, daysAgo)).getTime();
  const history = statuses.map(([status, seconds]) => ({ status, at: new Date(start + seconds * 1000).toISOString(), by: 'bot' }));
  const last = history[history.length - 1]!;
  return {
    id,
    status: last.status,
    conversationId: `seed-ho-${id}`,
    channelId: 'webchat',
    userId: 'seed-user',
    language: 'cs',
    reason: 'requested',
    assignedTo: 'jana.novakova',
    team: 'cz-service',
    summary: 'seed',
    transcript: [],
    conversationReference: {},
    createdAt: history[0]!.at,
    updatedAt: last.at,
    history,
    ...(history.some((h) => h.status === 'connected') ? { acceptedAt: history.find((h) => h.status === 'connected')!.at, acceptedBy: 'jana.novakova' } : {}),
    ...(last.status === 'ended' ? { endedAt: last.at } : {}),
    ...extra,
  };
}

export async function seedInsights(deps: { store: SqliteInsightsStore; handoffs: SqliteHandoffStore; db: SqliteDatabase }, now: Date): Promise<void> {
  const { store } = deps;
  const records: { record: AnswerRecord; rating?: Rating; comment?: string }[] = [];
  const { gapTopics } = SEED;
  gapTopics.creditCard.forEach((q, i) => records.push({ record: answer(now, { question: q, kind: 'dont_know' }, 2 + i) }));
  // The same wording twice (another client, another day): one wording, two questions.
  records.push({ record: answer(now, { question: 'Can I pay the premium by credit card?', kind: 'dont_know' }, 9) });
  gapTopics.cardCs.forEach((q, i) => records.push({ record: answer(now, { question: q, kind: 'dont_know' }, 3 + i) }));
  gapTopics.app.forEach((q, i) => records.push({ record: answer(now, { question: q, kind: 'dont_know' }, 4 + i) }));
  gapTopics.discount.forEach((q, i) => records.push({ record: answer(now, { question: q, kind: 'dont_know' }, 5 + i) }));
  gapTopics.claimDisliked.forEach((q, i) =>
    records.push({ record: answer(now, { question: q, kind: 'answer' }, 6 + i), rating: 'down', comment: i === 0 ? 'Nothing about deadlines. Call me: [phone]' : 'Too long' }),
  );
  SEED.outOfScope.forEach((q, i) => records.push({ record: answer(now, { question: q, kind: 'out_of_scope' }, 1 + i) }));
  for (let i = 0; i < 4; i++) records.push({ record: answer(now, { question: 'What is the address of your head office?', kind: 'answer', citations: [contactsDoc] }, 1 + i), ...(i < 3 ? { rating: 'up' as const } : {}) });
  records.push({ record: answer(now, { question: 'How long does a claim take?', kind: 'answer' }, 8), rating: 'up' });
  // Outside the default period (40 days ago): never counted.
  records.push({ record: answer(now, { question: 'Do you sell travel insurance?', kind: 'dont_know' }, 40) });

  for (const { record, rating, comment } of records) {
    await store.recordAnswer(record);
    if (rating) await store.saveFeedback(record.id, { rating, ...(comment ? { comment } : {}), at: record.createdAt });
  }

  // Report forms: claim A filed, claim B abandoned at buyerName, claim C cancelled at policyNumber, overdue D in progress.
  const form = async (formId: string, kind: 'claim' | 'overdue', daysAgo: number, steps: string[], end?: 'filed' | 'cancelled', minutesAgo = 0) => {
    let minute = 0;
    const at = () => ago(now, daysAgo, minutesAgo - minute++);
    await store.recordReportEvent({ formId, kind, event: 'started', channelId: 'webchat', language: 'cs', at: at() });
    for (const step of steps) await store.recordReportEvent({ formId, kind, event: 'step', step, channelId: 'webchat', language: 'cs', at: at() });
    if (end) await store.recordReportEvent({ formId, kind, event: end, channelId: 'webchat', language: 'cs', at: at() });
  };
  await form('form-a', 'claim', 5, ['policyNumber', 'buyerName', 'buyerCountry', 'summary'], 'filed');
  await form('form-b', 'claim', 4, ['policyNumber', 'buyerName']);
  await form('form-c', 'claim', 3, ['policyNumber'], 'cancelled');
  await form('form-d', 'overdue', 0, ['policyNumber'], undefined, 30);

  // Handoffs: accepted after 2 and 5 minutes (rated 5 and 3), not accepted in time (callback requested), out of hours.
  await deps.handoffs.create(ticket(now, 'HO-SEED0001', 6, [['requested', 0], ['waiting', 1], ['connected', 121], ['ended', 900]], { feedback: { rating: 5, comment: 'Skvělé, volejte na 602 123 456', at: ago(now, 6), done: true } }));
  await deps.handoffs.create(ticket(now, 'HO-SEED0002', 5, [['requested', 0], ['waiting', 1], ['connected', 301], ['ended', 600]], { feedback: { rating: 3, at: ago(now, 5), done: true }, reason: 'unanswered' }));
  await deps.handoffs.create(ticket(now, 'HO-SEED0003', 4, [['requested', 0], ['waiting', 1], ['callback', 181]], { callback: { preferredTime: 'zítra v 10', phone: '+420 777 000 111', topic: 'faktura' } }));
  await deps.handoffs.create(ticket(now, 'HO-SEED0004', 3, [['requested', 0], ['callback', 1]]));

  // Transcripts: 12 conversations in the period, one older.
  const insert = deps.db.prepare('INSERT INTO transcripts (channel_id, conversation_id, user_id, at, activity) VALUES (?, ?, ?, ?, ?)');
  for (let i = 0; i < 12; i++) insert.run('webchat', `seed-transcript-${i}`, 'u', ago(now, i % 10), '{"type":"message"}');
  insert.run('webchat', 'seed-transcript-old', 'u', ago(now, 45), '{"type":"message"}');
}
