import type { Activity, TranscriptLogger } from 'botbuilder';
import type { Logger } from 'pino';

/**
 * The transcript store as TranscriptLoggerMiddleware sees it, with failures reported to the
 * bot's log. The middleware writes transcripts after the turn without awaiting them and sends
 * any rejection to console.error, where nobody on call looks; here a failed write is an error
 * line with the conversation id (the activity's text stays out of the log), and the turn is
 * unaffected as before.
 */
export function reportingTranscriptFailures(store: TranscriptLogger, logger: Logger): TranscriptLogger {
  return {
    async logActivity(activity: Activity): Promise<void> {
      try {
        await store.logActivity(activity);
      } catch (error) {
        logger.error({ err: error, channelId: activity.channelId, conversationId: activity.conversation?.id, activityId: activity.id }, 'could not store a transcript activity');
      }
    },
  };
}
