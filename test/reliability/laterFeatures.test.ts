import { describe, it } from 'vitest';

// Reliability and security checks for features that are not built yet. Each names what it will
// assert; write it in this folder when the feature lands.
describe('prompt injection (LATER: needs the LLM answering mode)', () => {
  it.todo('an instruction hidden in a question ("ignore previous instructions…") does not change the answer or leak the system prompt');
  it.todo('an instruction hidden in a knowledge document is treated as text, never followed');
  it.todo('an answer never cites a passage it was not given');
});

describe('personal data (LATER: needs PII redaction)', () => {
  it.todo('IČO, VAT numbers, e-mail addresses, phone numbers and IBANs in a message are redacted from the logs');
  it.todo('a transcript handed to a manager keeps what the client wrote, the logs do not');
  it.todo('a deleteUserData activity removes the conversation state and transcript');
});

describe('rate limits (LATER: needs rate-limiter-flexible wired into the server)', () => {
  it.todo('a conversation sending more than the allowed messages per minute gets 429 with Retry-After');
  it.todo('one noisy client (IP or conversation) does not slow the others down');
  it.todo('/api/ask is limited like /api/messages');
});
