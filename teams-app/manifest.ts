import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';

/**
 * The Teams app manifest: teams-app/manifest.template.json (names, descriptions, commands — edit
 * there) completed with what differs per deployment (the bot's app id, the version, the
 * domain), validated against the manifest schema bundled in teams-app/schema/ (no network).
 */

const TEAMS_DIR = path.dirname(fileURLToPath(import.meta.url));

/** The manifest schema version the package targets; its schema files are in teams-app/schema/v<version>/. */
export const MANIFEST_VERSION = '1.30';
export const SCHEMA_DIR = path.join(TEAMS_DIR, 'schema', `v${MANIFEST_VERSION}`);
export const TEMPLATE_FILE = path.join(TEAMS_DIR, 'manifest.template.json');
/** Additional languages: file name in the package → its strings (teams-app/<file>). */
export const LOCALIZATION_FILES = ['cs-cz.json'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ManifestInput {
  /** The Azure Bot's Microsoft App ID (MicrosoftAppId): the bot id, and the Teams app id too. */
  appId: string;
  /** The app version, semver; Teams needs a higher one for every update of an uploaded app. */
  version: string;
  /** The bot's public base URL; its host becomes the valid domain (links to the staff workspace open in Teams). */
  publicBaseUrl?: string;
}

export type Manifest = Record<string, unknown> & {
  id: string;
  version: string;
  manifestVersion: string;
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description?: string }[] }[] }[];
  icons: { color: string; outline: string };
  validDomains: string[];
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
};

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export function buildManifest(input: ManifestInput): Manifest {
  if (!GUID.test(input.appId)) throw new Error(`MicrosoftAppId must be the Azure Bot's app id (a GUID), got "${input.appId}"`);
  const manifest = readJson<Manifest>(TEMPLATE_FILE);
  manifest.id = input.appId;
  manifest.version = input.version;
  manifest.bots[0]!.botId = input.appId;
  manifest.validDomains = input.publicBaseUrl ? [new URL(input.publicBaseUrl).host] : [];
  return manifest;
}

export function localizations(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(LOCALIZATION_FILES.map((file) => [file, readJson<Record<string, unknown>>(path.join(TEAMS_DIR, file))]));
}

export interface SchemaValidators {
  /** Problems with the manifest, empty when it is valid. */
  manifest(manifest: unknown): string[];
  localization(strings: unknown): string[];
}

/** Validators for the bundled schemas (JSON Schema draft-04, hence ajv-draft-04). */
export function schemaValidators(): SchemaValidators {
  // The schemas use a few annotations ajv does not know (they describe, they do not constrain),
  // and patterns such as `\b]` that are valid JavaScript regexps only without the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  const compile = (file: string) => {
    const validate = ajv.compile(readJson<Record<string, unknown>>(path.join(SCHEMA_DIR, file)));
    return (data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`));
  };
  return { manifest: compile('MicrosoftTeams.schema.json'), localization: compile('MicrosoftTeams.Localization.schema.json') };
}
