import { ActivityTypes, CardFactory, MessageFactory, TurnContext, type ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

export const references = new Map<string, Partial<ConversationReference>>();
export const seenByBot: { serviceUrl?: string; channelId?: string; fromId?: string; locale?: string }[] = [];

export const ADAPTIVE_CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Report a claim', weight: 'Bolder' }],
  actions: [{ type: 'Action.Submit', title: 'Start', data: { action: 'start' } }],
};

/** A stub bot that exercises what the knowledge bot does not send. */
export async function stubBot(context: TurnContext): Promise<void> {
  const { activity } = context;
  references.set(activity.conversation.id, TurnContext.getConversationReference(activity));
  seenByBot.push({ serviceUrl: activity.serviceUrl, channelId: activity.channelId, fromId: activity.from?.id, locale: activity.locale });
  if (activity.type === ActivityTypes.ConversationUpdate) {
    await context.sendActivity('welcome');
    return;
  }
  switch (activity.text) {
    case 'cards': {
      await context.sendActivity({ type: ActivityTypes.Typing });
      const reply = MessageFactory.suggestedActions(['Claims', 'Overdue invoice'], 'Pick one');
      reply.attachments = [CardFactory.adaptiveCard(ADAPTIVE_CARD)];
      reply.entities = [{ type: 'https://schema.org/Message', '@type': 'Message', '@context': 'https://schema.org', '@id': '', citation: [{ '@type': 'Claim', position: 1, appearance: { '@type': 'DigitalDocument', name: 'Doc', abstract: 'Abstract' } }] }];
      reply.channelData = { custom: { nested: true } };
      await context.sendActivity(reply);
      return;
    }
    case 'members': {
      const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      const members = await connector.conversations.getConversationMembers(activity.conversation.id);
      await context.sendActivity(`members: ${members.map((m) => m.id).sort().join(',')}`);
      return;
    }
    case 'update': {
      const sent = await context.sendActivity('original');
      try {
        await context.updateActivity({ ...MessageFactory.text('changed'), id: sent!.id, conversation: activity.conversation });
        await context.sendActivity('updated');
      } catch (error) {
        await context.sendActivity(`update refused: ${(error as { statusCode?: number }).statusCode ?? (error as Error).message}`);
      }
      return;
    }
    case 'typing':
      // Only the indicator: Web Chat shows it until a message comes or a few seconds pass.
      await context.sendActivity({ type: ActivityTypes.Typing });
      return;
    default:
      if ((activity.value as { action?: string } | undefined)?.action === 'start') await context.sendActivity('Card submitted');
      else await context.sendActivity(`You said: ${activity.text}`);
  }
}
