import { TestAdapter, TranscriptLoggerMiddleware, type Activity } from 'botbuilder';
import { describe, expect, it, vi } from 'vitest';
import { reportingTranscriptFailures } from '../../../bot/middleware/transcriptFailures.js';
import { createLogger } from '../../../platform/logger.js';

describe('transcript write failures', () => {
  it('reach the bot log as an error line with the conversation id, not console.error; the turn still answers', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const failing = { logActivity: async (_activity: Activity) => Promise.reject(new Error('disk full')) };
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const adapter = new TestAdapter(async (context) => {
        await context.sendActivity('hello');
      }).use(new TranscriptLoggerMiddleware(reportingTranscriptFailures(failing, logger)));
      await adapter.send('Tajná zpráva klienta').assertReply('hello');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    const failures = lines.filter((l) => l.msg === 'could not store a transcript activity');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0]).toMatchObject({ level: 50, conversationId: expect.any(String), err: { message: 'disk full' } });
    expect(JSON.stringify(lines)).not.toContain('Tajná zpráva');
  });
});
