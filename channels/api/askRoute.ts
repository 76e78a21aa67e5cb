import type { Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { describeIssues, sendError } from '../../platform/http/errors.js';
import type { RateLimits } from '../../platform/http/rateLimits.js';
import { guarded } from '../../platform/http/server.js';
import { readyOr503, type ReadyBot } from './ready.js';

const askSchema = z.object({
  question: z.string(),
  language: z.enum(['cs', 'en']).optional(),
});

/** POST /api/ask: one question answered as JSON with its citations (the chat's pipeline, no state). */
export function registerAskRoute(server: Server, deps: { logger: Logger; ready: ReadyBot; limits: RateLimits; maxMessageChars: number }): void {
  server.post('/api/ask', guarded(deps.logger, async (req, res) => {
    const ready = readyOr503(deps.ready, res);
    if (!ready) return;
    if (!(await deps.limits.allow(req, res, 'ask'))) return;
    const parsed = askSchema.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, 400, 'BadRequest', `Expected {"question": string, "language"?: "cs"|"en"}: ${describeIssues(parsed.error)}`);
      return;
    }
    const question = parsed.data.question.trim();
    if (!question) {
      sendError(res, 400, 'BadRequest', 'The question is empty.');
      return;
    }
    if (question.length > deps.maxMessageChars) {
      sendError(res, 413, 'PayloadTooLarge', `The question is longer than ${deps.maxMessageChars} characters.`);
      return;
    }
    const answer = await ready.knowledge.answerer.answer(question, { lang: parsed.data.language });
    res.json({
      answer: answer.text,
      language: answer.language,
      grounded: answer.grounded,
      kind: answer.kind,
      citations: answer.citations.map((c) => ({ title: c.title, source: c.source, section: c.headings.join(' › '), passage: c.passage, score: c.score })),
    });
  }));
}
