import type { Activity } from 'botbuilder';
import type { DateTime } from 'luxon';
import type { Manager, PolicyDirectory } from '../dialogs/policyDirectory.js';
import { t } from '../locales/index.js';
import type { Lang } from '../locales/lang.js';
import type { HandoffRoute } from './routing.js';
import type { HandoffTicket } from './types.js';
import { literalMarkdown } from '../platform/text/literalMarkdown.js';

/** What the client is told about their handoff, in their language; the ticket lifecycle is in handoffService.ts. */

/** The named manager of a ticket (none for a team queue). */
export function personOf(ticket: HandoffTicket, directory: PolicyDirectory): Manager | undefined {
  return ticket.assignedTo.startsWith('team:') ? undefined : directory.manager(ticket.assignedTo);
}

/**
 * Whether the client may learn who looks after them: only a verified client. A typed policy
 * number is no proof, and the manager's name would tell a stranger who handles that policy.
 */
export function revealsStaff(ticket: HandoffTicket): boolean {
  return ticket.clientIdentity === 'verified';
}

/** The sentence subject for an unverified client instead of the staff member's name ("Zákaznický servis rozhovor ukončil"). */
export function serviceAsSubject(lang: Lang): { name: string; gender: 'm' } {
  return { name: t(lang, 'handoff.serviceAuthor'), gender: 'm' };
}

/** The person's name; in Czech, in the grammatical case the sentence needs ("s Janou Novákovou"). */
export function displayName(ticket: HandoffTicket, lang: Lang, directory: PolicyDirectory, czechCase?: 'instrumental'): string {
  const acceptedBy = ticket.acceptedBy ? directory.manager(ticket.acceptedBy) : undefined;
  const person = revealsStaff(ticket) ? (acceptedBy ?? personOf(ticket, directory)) : undefined;
  if (!person) return t(lang, czechCase && lang === 'cs' ? 'handoff.teamNameInstrumental' : 'handoff.teamName');
  return lang === 'cs' && czechCase ? (person.names?.cs[czechCase] ?? person.name) : person.name;
}

/** The grammatical gender the Czech messages agree with: the person's, `team` for a team queue. */
export function genderOf(ticket: HandoffTicket, directory: PolicyDirectory, staffId?: string): 'f' | 'm' | 'team' | 'other' {
  if (!staffId && !revealsStaff(ticket)) return 'team';
  const person = staffId ? directory.manager(staffId) : ticket.acceptedBy ? directory.manager(ticket.acceptedBy) : personOf(ticket, directory);
  if (!person) return staffId ? 'other' : 'team';
  return person.gender;
}

/** `reveal`: the client is verified, so the manager may be named (revealsStaff). */
export function connectingMessages(route: HandoffRoute, lang: Lang, reveal: boolean): string[] {
  // "Your manager is not available" only when there is a manager: without a known policy there is none.
  if (route.kind === 'team') return [t(lang, route.named ? 'handoff.team' : 'handoff.teamDirect', { team: route.team.name[lang] })];
  if (route.kind !== 'manager') return [];
  if (!reveal) return [t(lang, 'handoff.connectingUnnamed')];
  const m = route.manager;
  const name = lang === 'cs' ? (m.names?.cs.dative ?? m.name) : m.name;
  const out: string[] = [];
  if (route.viaDeputy) out.push(t(lang, 'handoff.deputy', { named: route.named.name, namedGender: route.named.gender, name: m.name, role: m.role[lang] }));
  out.push(t(lang, m.gender === 'f' ? 'handoff.connecting.f' : 'handoff.connecting.m', { role: m.role[lang], name }));
  return out;
}

export function outOfHoursMessage(route: Extract<HandoffRoute, { kind: 'out_of_hours' }>, lang: Lang, reveal: boolean): string {
  const when = route.nextStart ? formatWhen(route.nextStart, lang) : '—';
  const holiday = route.holiday?.[lang] ?? 'none';
  if (route.callbackFor && reveal) return t(lang, 'handoff.outOfHours', { name: route.callbackFor.name, when, holiday });
  // The client's own branch team ("the Czech branch customer-service team"), not the head office abroad.
  const team = route.team.name[lang];
  return t(lang, 'handoff.outOfHoursTeam', { team: lang === 'en' ? team.charAt(0).toUpperCase() + team.slice(1) : team, when, holiday });
}

const ZONE_WORDS = { 'Europe/Prague': 'handoff.timeZone.Europe/Prague', 'Europe/Bratislava': 'handoff.timeZone.Europe/Bratislava' } as const;

/** The time zone as a client says it: "Prague time" / "pražského času"; elsewhere the zone's common name ("Central European Time"). */
export function zoneInWords(zone: string, lang: Lang): string {
  const key = ZONE_WORDS[zone as keyof typeof ZONE_WORDS];
  if (key) return t(lang, key);
  const part = new Intl.DateTimeFormat(lang === 'cs' ? 'cs-CZ' : 'en-GB', { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date(0)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** "pondělí 28. 12. v 8:00 pražského času" / "Monday 28 December at 08:00 Prague time": the day named, the zone in words. */
export function formatWhen(when: DateTime, lang: Lang): string {
  const local = when.setLocale(lang === 'cs' ? 'cs' : 'en-GB');
  const text = lang === 'cs' ? local.toFormat("cccc d. M. 'v' H:mm") : local.toFormat("cccc d MMMM 'at' HH:mm");
  return `${text} ${zoneInWords(when.zoneName ?? 'UTC', lang)}`;
}

export function feedbackQuestion(lang: Lang): Partial<Activity> {
  return {
    type: 'message',
    text: t(lang, 'handoff.feedbackAsk'),
    suggestedActions: { to: [], actions: ['1', '2', '3', '4', '5'].map((n) => ({ type: 'imBack', title: n, value: n })) },
  };
}

/** Channels whose client page renders the handoff's author and events itself (our website, over the local or Azure Direct Line; not Azure's own Web Chat iframe, channel `webchat`). */
const PAGE_RENDERED_CHANNELS = new Set(['directline']);

/** "Jana Nováková" → "JN", "Customer service" → "CS": the avatar of a person on the website. */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/u).filter((w) => /\p{L}/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => w.match(/\p{L}/u)![0]!.toUpperCase())
    .join('');
}

/** What the page reads from `channelData.handoff` to show a person rather than the bot. */
export interface HandoffChannelData {
  kind: 'message' | 'joined' | 'waiting' | 'ended';
  author?: { name: string; initials: string; role: 'manager' };
  /** `waiting`: since when (ISO); `joined`/`ended`/`waiting`: the sentence to show as an event. */
  since?: string;
  text?: string;
  /** `waiting`: the acknowledgement of a message the client sent meanwhile. */
  passedOn?: string;
}

/**
 * A manager's relayed message as the client's channel shows it. The website gets the text alone
 * and the author in `channelData.handoff` (the page shows the name and an initials avatar); in
 * Teams, where the bot is always the sender, the name heads the message in bold; elsewhere the
 * name is a prefix ("Jana Nováková: …").
 */
export function managerActivity(channelId: string, author: string, text: string, deliveryId: string): Partial<Activity> {
  const handoff: HandoffChannelData = { kind: 'message', author: { name: author, initials: initialsOf(author), role: 'manager' } };
  const shown = PAGE_RENDERED_CHANNELS.has(channelId) ? text : channelId === 'msteams' ? `**${literalMarkdown(author)}**\n\n${literalMarkdown(text)}` : `${author}: ${text}`;
  return { type: 'message', text: shown, channelData: { deliveryId, handoff } };
}

/**
 * A change of the handoff the client should see as an event, not as a bot's sentence: on the
 * website an `event` activity (`handoff.joined`, `handoff.waiting`) the page renders as a status
 * line; elsewhere the sentence as a message.
 */
export function handoffEventActivity(channelId: string, data: HandoffChannelData & { text: string }): Partial<Activity> {
  if (PAGE_RENDERED_CHANNELS.has(channelId)) return { type: 'event', name: `handoff.${data.kind}`, value: data, channelData: { handoff: data } };
  return { type: 'message', text: data.passedOn ?? data.text, channelData: { handoff: data } };
}
