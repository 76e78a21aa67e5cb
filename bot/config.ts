import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Empty strings in the environment mean "unset", as in t3-env. */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: z.input<T>) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), schema);

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z
  .object({
    PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3978),
    HOST: withDefault(z.string(), '0.0.0.0'),
    KNOWLEDGE_DIR: withDefault(z.string(), path.join(projectRoot, 'knowledge', 'documents')),
    DATA_DIR: withDefault(z.string(), path.join(process.cwd(), '.data')),
    LOG_LEVEL: withDefault(z.enum(logLevels), 'info'),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: optionalString,
    MicrosoftAppType: withDefault(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']), 'MultiTenant'),
    /** Longest chat message or /api/ask question the bot will process, in characters. */
    MAX_MESSAGE_CHARS: withDefault(z.coerce.number().int().min(10).max(100_000), 2000),
    /** Largest HTTP request body accepted, in bytes; larger bodies get 413. */
    MAX_BODY_BYTES: withDefault(z.coerce.number().int().min(1024).max(50 * 1024 * 1024), 262_144),
    // --- website channel (Direct Line) ---
    // --- end website channel ---
  })
  .superRefine((cfg, ctx) => {
    if (cfg.MicrosoftAppId && !cfg.MicrosoftAppPassword && cfg.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)',
      });
    }
    if (cfg.MicrosoftAppType === 'SingleTenant' && cfg.MicrosoftAppId && !cfg.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required when MicrosoftAppType=SingleTenant',
      });
    }
  });

export type AppConfig = Readonly<z.output<typeof configSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the whole environment once; every bad variable is reported at once, by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  return Object.freeze({
    ...result.data,
    KNOWLEDGE_DIR: path.resolve(result.data.KNOWLEDGE_DIR),
    DATA_DIR: path.resolve(result.data.DATA_DIR),
  });
}
