import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { TeamsChannelHooks, TeamsMessageStep } from '../../bot/channelHooks.js';

export type { TeamsChannelHooks, TeamsMessageStep };
import type { TeamsStaffRelay } from './staffRelay.js';
import { isAddressedToBot, isTeams, stripBotMention, teamsScope } from './teamsActivity.js';
import type { TeamsStaffDirectory } from './teamsStaff.js';

export class TeamsChannel implements TeamsChannelHooks {
  constructor(
    private readonly staff: TeamsStaffDirectory,
    private readonly relay: TeamsStaffRelay,
  ) {}

  async beforeMessage(context: TurnContext): Promise<TeamsMessageStep> {
    const { activity } = context;
    if (!isTeams(activity)) return 'continue';
    if (!isAddressedToBot(activity)) return 'ignore';
    stripBotMention(activity);
    if (teamsScope(activity) !== 'personal') return 'continue';
    const manager = this.staff.managerOf(activity);
    if (!manager) return 'continue';
    // Each message refreshes where the manager is reached (the service URL can change).
    if ((await this.relay.rememberConversation(context, manager)) === 'created') await this.relay.welcome(context, manager);
    return (await this.relay.handleStaffMessage(context, manager)) ? 'handled' : 'continue';
  }

  async onBotAdded(context: TurnContext): Promise<boolean> {
    const { activity } = context;
    if (teamsScope(activity) !== 'personal') return false;
    const manager = this.staff.managerOf(activity);
    if (!manager) return true;
    if ((await this.relay.rememberConversation(context, manager)) === 'created') await this.relay.welcome(context, manager);
    return false;
  }

  async onInstallationUpdate(context: TurnContext): Promise<void> {
    const { activity } = context;
    const manager = this.staff.managerOf(activity);
    if (!manager || teamsScope(activity) !== 'personal') return;
    const action = String(activity.action ?? '').toLowerCase();
    // "add-upgrade" / "remove-upgrade" come with an update of the app: the chat stays, so only a
    // plain "remove" forgets it (a stale reference merely fails to send and is logged).
    if (action === 'remove') await this.relay.forget(manager);
    else if (action.startsWith('add') && (await this.relay.rememberConversation(context, manager)) === 'created') await this.relay.welcome(context, manager);
  }

  onCardAction(context: TurnContext, verb: string | undefined, data: unknown): Promise<AdaptiveCardInvokeResponse | undefined> {
    return this.relay.handleCardAction(context, verb, data);
  }
}
