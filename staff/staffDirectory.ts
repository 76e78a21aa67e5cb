import { createHash, scryptSync, timingSafeEqual, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import type { StaffMember } from '../handoff/handoffService.js';
import { describeFileIssues } from '../platform/zodIssues.js';

const staffSchema = z.object({
  staff: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      teams: z.array(z.string()),
      /** `scrypt$<salt hex>$<hash hex>` of the staff page password. */
      passwordHash: z.string().regex(/^scrypt\$[0-9a-f]+\$[0-9a-f]+$/),
      /** SHA-256 hex of the staff API bearer token. */
      tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
      /** Extra rights: "privacy" may erase a client's data on request. */
      roles: z.array(z.enum(['privacy'])).optional(),
    }),
  ),
});

export type StaffRecord = z.infer<typeof staffSchema>['staff'][number];

export function hashPassword(password: string, salt = randomBytes(16)): string {
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32).toString('hex')}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Staff credentials from a file (STAFF_FILE): page passwords and API tokens, both stored hashed. */
export class StaffDirectory {
  private readonly byId = new Map<string, StaffRecord>();

  constructor(data: unknown) {
    for (const member of staffSchema.parse(data).staff) this.byId.set(member.id, member);
  }

  static fromFile(file: string): StaffDirectory {
    try {
      return new StaffDirectory(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      throw new Error(`Staff file ${file} is invalid: ${describeFileIssues(error)}`);
    }
  }

  member(id: string): StaffMember | undefined {
    const record = this.byId.get(id);
    return record ? { id: record.id, name: record.name, teams: record.teams, ...(record.roles ? { roles: record.roles } : {}) } : undefined;
  }

  /** The staff member a bearer token belongs to. */
  byToken(token: string): StaffMember | undefined {
    const digest = Buffer.from(sha256(token), 'hex');
    for (const record of this.byId.values()) {
      if (timingSafeEqual(digest, Buffer.from(record.tokenSha256, 'hex'))) return this.member(record.id);
    }
    return undefined;
  }

  verifyPassword(id: string, password: string): StaffMember | undefined {
    const record = this.byId.get(id);
    // Hash even for an unknown id, so the response time does not tell which ids exist.
    const [, saltHex, hashHex] = (record?.passwordHash ?? `scrypt$${'00'.repeat(16)}$${'00'.repeat(32)}`).split('$');
    const actual = scryptSync(password, Buffer.from(saltHex!, 'hex'), 32);
    const ok = timingSafeEqual(actual, Buffer.from(hashHex!, 'hex'));
    return ok && record ? this.member(id) : undefined;
  }
}
