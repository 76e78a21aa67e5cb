import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { ClientDelivery } from './handoffService.js';

/** Proactive messages through the adapter: the client's channel gets them as from the bot. */
export function adapterDelivery(adapter: CloudAdapter, appId: string): ClientDelivery {
  return {
    async send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]) {
      // Not a reply to anything the client sees: Web Chat would hold a "reply" back for up to 5 s
      // waiting for the activity it answers.
      const { activityId: _activityId, ...conversation } = reference;
      await adapter.continueConversationAsync(appId, conversation, async (context) => {
        await context.sendActivities(activities.map((a) => ({ ...a, replyToId: undefined })));
      });
    },
  };
}
