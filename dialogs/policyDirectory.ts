import fs from 'node:fs';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Lang } from '../locales/lang.js';
import { describeFileIssues } from '../platform/zodIssues.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const workingHoursSchema = z.partialRecord(z.enum(weekdays), z.tuple([hhmm, hhmm]));
const localized = z.object({ cs: z.string(), en: z.string() });
const timeZone = z.string().refine((tz) => DateTime.local().setZone(tz).isValid, 'unknown IANA time zone');

const teamSchema = z.object({
  id: z.string(),
  name: localized,
  email: z.string().email(),
  phone: z.string(),
  timeZone,
  workingHours: workingHoursSchema,
});

const managerSchema = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.enum(['f', 'm']),
  names: z.object({ cs: z.object({ dative: z.string(), instrumental: z.string() }) }).optional(),
  role: localized,
  languages: z.array(z.enum(['cs', 'en'])).min(1),
  email: z.string().email(),
  phone: z.string(),
  teamsUserId: z.string().optional(),
  timeZone,
  workingHours: workingHoursSchema,
  deputy: z.string().optional(),
  team: z.string(),
  absent: z.union([z.boolean(), z.object({ from: z.string(), to: z.string() })]).optional(),
});

const policySchema = z.object({
  number: z.string(),
  notificationDeadlineDays: z.number().int().min(1).max(365),
  insuredPercentage: z.number().min(1).max(100),
  managerId: z.string(),
});

/**
 * A person at the client who may deal with the insurer: one-time codes go to this address only
 * (never to one a visitor types), and a Teams account mapped here (tenant + Entra object id,
 * both from a JWT-validated activity) is that person, verified.
 */
const contactSchema = z.object({
  name: z.string().min(1),
  email: z.string().email(),
  teams: z.object({ tenantId: z.string().min(1), aadObjectId: z.string().min(1) }).optional(),
});

const clientSchema = z.object({
  id: z.string(),
  name: z.string(),
  registrationNumber: z.string().optional(),
  contacts: z.array(contactSchema).default([]),
  policies: z.array(policySchema),
});

const directorySchema = z
  .object({
    teams: z.array(teamSchema),
    managers: z.array(managerSchema),
    clients: z.array(clientSchema),
  })
  .superRefine((d, ctx) => {
    const managers = new Set(d.managers.map((m) => m.id));
    const teams = new Set(d.teams.map((t) => t.id));
    d.managers.forEach((m, i) => {
      if (!teams.has(m.team)) ctx.addIssue({ code: 'custom', path: ['managers', i, 'team'], message: `unknown team ${m.team}` });
      if (m.deputy && !managers.has(m.deputy)) ctx.addIssue({ code: 'custom', path: ['managers', i, 'deputy'], message: `unknown manager ${m.deputy}` });
    });
    d.clients.forEach((c, i) =>
      c.policies.forEach((p, j) => {
        if (!managers.has(p.managerId)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'policies', j, 'managerId'], message: `unknown manager ${p.managerId}` });
      }),
    );
    // One Teams account is one person: mapped twice, it would be verified as whichever came first.
    const teamsAccounts = new Map<string, string>();
    d.clients.forEach((c, i) =>
      c.contacts.forEach((contact, j) => {
        if (!contact.teams) return;
        const key = teamsAccountKey(contact.teams.tenantId, contact.teams.aadObjectId);
        const first = teamsAccounts.get(key);
        if (first) ctx.addIssue({ code: 'custom', path: ['clients', i, 'contacts', j, 'teams'], message: `Teams account already mapped to ${first}` });
        else teamsAccounts.set(key, `${c.id}/${contact.email}`);
      }),
    );
  });

export type Team = z.infer<typeof teamSchema>;
export type Manager = z.infer<typeof managerSchema>;
export type PolicyTerms = z.infer<typeof policySchema>;
export type Client = z.infer<typeof clientSchema>;
export type ClientContact = z.infer<typeof contactSchema>;

/** Tenant and object ids are GUIDs: compared without case. */
function teamsAccountKey(tenantId: string, aadObjectId: string): string {
  return `${tenantId.toLowerCase()}/${aadObjectId.toLowerCase()}`;
}
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export interface PolicyMatch {
  policy: PolicyTerms;
  client: Client;
  manager: Manager;
  team: Team;
}

/** Policy numbers are compared without case and spaces ("cz-2024 10001" = "CZ-202410001"). */
/**
 * The key policies are looked up by: letters and digits only, upper case. Clients write the same
 * number as "CZ-2024-10001", "cz 2024 10001", "CZ/2024/10001" or "CZ.2024.10001".
 */
export function normalizePolicyNumber(value: string): string {
  return value.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '').toUpperCase();
}

/**
 * The directory of clients, their policies and terms, and the managers who look after them.
 * Read from a JSON file (data/policy-directory.json by default) validated at start-up.
 */
export class PolicyDirectory {
  private readonly byPolicy = new Map<string, PolicyMatch>();
  private readonly managers = new Map<string, Manager>();
  private readonly teams = new Map<string, Team>();
  private readonly clients = new Map<string, Client>();
  private readonly teamsAccounts = new Map<string, { client: Client; contact: ClientContact }>();

  constructor(data: z.input<typeof directorySchema>) {
    const parsed = directorySchema.parse(data);
    for (const t of parsed.teams) this.teams.set(t.id, t);
    for (const m of parsed.managers) this.managers.set(m.id, m);
    for (const client of parsed.clients) {
      this.clients.set(client.id, client);
      for (const contact of client.contacts) {
        if (contact.teams) this.teamsAccounts.set(teamsAccountKey(contact.teams.tenantId, contact.teams.aadObjectId), { client, contact });
      }
      for (const policy of client.policies) {
        const manager = this.managers.get(policy.managerId)!;
        this.byPolicy.set(normalizePolicyNumber(policy.number), { policy, client, manager, team: this.teams.get(manager.team)! });
      }
    }
  }

  static fromFile(file: string): PolicyDirectory {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`Policy directory ${file} cannot be read: ${(error as Error).message}`);
    }
    try {
      return new PolicyDirectory(json as z.input<typeof directorySchema>);
    } catch (error) {
      throw new Error(`Policy directory ${file} is invalid: ${describeFileIssues(error)}`);
    }
  }

  findPolicy(number: string): PolicyMatch | undefined {
    return this.byPolicy.get(normalizePolicyNumber(number));
  }

  client(id: string): Client | undefined {
    return this.clients.get(id);
  }

  /** The client's policies with their managers, in directory order. */
  policiesOf(clientId: string): PolicyMatch[] {
    return (this.clients.get(clientId)?.policies ?? []).map((p) => this.byPolicy.get(normalizePolicyNumber(p.number))!);
  }

  /** The client contact a Teams account is mapped to (tenant and Entra object id). */
  contactForTeams(tenantId: string, aadObjectId: string): { client: Client; contact: ClientContact } | undefined {
    return this.teamsAccounts.get(teamsAccountKey(tenantId, aadObjectId));
  }

  manager(id: string): Manager | undefined {
    return this.managers.get(id);
  }

  team(id: string): Team | undefined {
    return this.teams.get(id);
  }

  allManagers(): Manager[] {
    return [...this.managers.values()];
  }
}

/** A manager's or team's name in the given language (Czech role nouns agree with gender). */
export function roleOf(manager: Manager, lang: Lang): string {
  return manager.role[lang];
}

/**
 * Whether someone with these working hours is at work at `now`, and when they are next.
 * Pure: the clock is a parameter.
 */
export function availability(hours: WorkingHours, zone: string, now: Date): { available: boolean; nextStart?: DateTime } {
  const local = DateTime.fromJSDate(now).setZone(zone);
  for (let offset = 0; offset <= 7; offset++) {
    const day = local.plus({ days: offset });
    const slot = hours[weekdays[day.weekday - 1]!];
    if (!slot) continue;
    const [from, to] = slot.map((t) => {
      const [h, m] = t.split(':').map(Number);
      return day.set({ hour: h!, minute: m!, second: 0, millisecond: 0 });
    }) as [DateTime, DateTime];
    if (offset === 0 && local >= from && local < to) return { available: true };
    if (from > local) return { available: false, nextStart: from };
  }
  return { available: false };
}

export function isAbsent(manager: Manager, now: Date): boolean {
  if (manager.absent === true) return true;
  if (!manager.absent) return false;
  const today = DateTime.fromJSDate(now).setZone(manager.timeZone).toISODate()!;
  return today >= manager.absent.from && today <= manager.absent.to;
}
