import type { Activity } from 'botbuilder';
import type { DateTime } from 'luxon';
import type { Manager, PolicyDirectory } from '../dialogs/policyDirectory.js';
import { t } from '../locales/index.js';
import type { Lang } from '../locales/lang.js';
import type { HandoffRoute } from './routing.js';
import type { HandoffTicket } from './types.js';

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
  return route.callbackFor && reveal ? t(lang, 'handoff.outOfHours', { name: route.callbackFor.name, when }) : t(lang, 'handoff.outOfHoursTeam', { when });
}

export function formatWhen(when: DateTime, lang: Lang): string {
  const local = when.setLocale(lang === 'cs' ? 'cs' : 'en-GB');
  const text = lang === 'cs' ? local.toFormat("cccc d. M. 'v' H:mm") : local.toFormat("cccc d MMMM 'at' HH:mm");
  return `${text} (${when.zoneName})`;
}

export function feedbackQuestion(lang: Lang): Partial<Activity> {
  return {
    type: 'message',
    text: t(lang, 'handoff.feedbackAsk'),
    suggestedActions: { to: [], actions: ['1', '2', '3', '4', '5'].map((n) => ({ type: 'imBack', title: n, value: n })) },
  };
}
