import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { ClientDelivery } from './handoffService.js';

/** Proactive messages through the adapter: the client's channel gets them as from the bot. */
export function adapterDelivery(adapter: CloudAdapter, appId: string): ClientDelivery {
  return {
    async send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]) {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        await context.sendActivities(activities);
      });
    },
  };
}
